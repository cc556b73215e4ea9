using MediaActors.Host.Service;

namespace MediaActors.Tests.Service;

/// <summary>The sd_notify protocol side of the host: which NOTIFY_SOCKET values name a socket, and datagrams arriving whole.</summary>
public sealed class SystemdNotifySocketTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("@")]
    public void No_socket_is_named_without_an_address(string? notifySocket) => Assert.Null(SystemdNotifySocket.Open(notifySocket));

    [Fact(Timeout = 10_000)]
    public async Task A_message_arrives_whole_on_a_socket_file()
    {
        using var listener = NotifySocketListener.InTemporaryDirectory();
        using var socket = SystemdNotifySocket.Open(listener.NotifySocket)!;

        socket.Send("READY=1\nSTATUS=serving rtsp://127.0.0.1:8554/test");

        Assert.NotNull(await listener.WaitForAsync(message => message == "READY=1\nSTATUS=serving rtsp://127.0.0.1:8554/test", TimeSpan.FromSeconds(5)));
    }

    [Fact(Timeout = 10_000)]
    public async Task An_abstract_socket_written_with_an_at_sign_is_reached_by_its_name()
    {
        using var listener = NotifySocketListener.Abstract();
        Assert.StartsWith("@", listener.NotifySocket);
        using var socket = SystemdNotifySocket.Open(listener.NotifySocket)!;

        socket.Send("WATCHDOG=1");

        Assert.NotNull(await listener.WaitForAsync(message => message == "WATCHDOG=1", TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("1000000", null, 500)]
    [InlineData("10000000", "42", 5000)]
    public void The_watchdog_is_pinged_at_half_its_timeout(string timeout, string? pid, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), WatchdogInterval.Parse(timeout, pid, ownPid: 42));

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("0", null)]
    [InlineData("abc", null)]
    [InlineData("1000000", "43")]
    [InlineData("1000000", "x")]
    public void No_watchdog_without_a_timeout_or_for_another_process(string? timeout, string? pid) =>
        Assert.Null(WatchdogInterval.Parse(timeout, pid, ownPid: 42));
}
