using Microsoft.Extensions.DependencyInjection;

namespace MediaActors.Host.Service;

/// <summary>Adds what tells a service manager how the node is doing, once for serve, board and relay.</summary>
public static class ServiceNotification
{
    /// <summary>
    /// The <see cref="ServingAnnouncement"/> every worker announces through, and, only when systemd
    /// gave the process a notify socket, the <see cref="ServiceNotifier"/>: elsewhere nothing runs.
    /// </summary>
    public static IServiceCollection AddServiceNotification(this IServiceCollection services)
    {
        services.AddSingleton<ServingAnnouncement>();
        if (SystemdNotifySocket.FromEnvironment() is { } socket)
        {
            services.AddSingleton(socket);
            services.AddSingleton<ILivenessCheck, ActorSystemLivenessCheck>();
            services.AddHostedService<ServiceNotifier>();
        }

        return services;
    }
}
