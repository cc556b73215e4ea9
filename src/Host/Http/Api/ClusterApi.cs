using Akka.Actor;
using Akka.Cluster;
using MediaActors.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace MediaActors.Host.Http.Api;

/// <summary>
/// <c>GET /api/v1/cluster</c>: the members this node sees (role, address, status, reachability)
/// and, on a relay, the boards' sessions it serves. A serve node is in no cluster and says so.
/// </summary>
public static class ClusterApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    public static void Map(RouteGroupBuilder api) =>
        api.MapGet("/cluster", GetAsync).WithSummary("The cluster's members as this node sees them and, on a relay, its boards' sessions.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<ClusterModel>, ProblemHttpResult>> GetAsync(HttpContext context, RunningServer running, ActorSystem system)
    {
        if (await running.GetAsync(context.RequestAborted) is null)
        {
            return Problems.Starting();
        }

        if (((ExtendedActorSystem)system).Provider is not ClusterActorRefProvider)
        {
            return TypedResults.Ok(new ClusterModel(Clustered: false, Self: null, Leader: null, Members: [], Boards: []));
        }

        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .Select(member => new MemberModel(
                member.Address.ToString(),
                member.Roles.Order(StringComparer.Ordinal).ToList(),
                member.Status.ToString(),
                !state.Unreachable.Contains(member),
                member.Address.Equals(cluster.SelfAddress)))
            .OrderBy(member => member.Address, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new ClusterModel(true, cluster.SelfAddress.ToString(), state.Leader?.ToString(), members,
            running.Relay is { } relay ? await BoardsAsync(relay, context.RequestAborted) : []));
    }

    private static async Task<IReadOnlyList<BoardModel>> BoardsAsync(IActorRef relay, CancellationToken cancellation)
    {
        var served = await relay.Ask<Relay.Sessions>(Relay.GetSessions.Instance, AskTimeout, cancellation);
        return served.Served
            .GroupBy(session => session.Board, StringComparer.Ordinal)
            .Select(board => new BoardModel(
                board.Key,
                board.First().Source.Path.Address.ToString(),
                board.Select(session => new BoardSessionModel(session.Session, session.Path, session.Alias)).OrderBy(session => session.Session, StringComparer.Ordinal).ToList()))
            .OrderBy(board => board.Name, StringComparer.Ordinal)
            .ToList();
    }
}

/// <param name="Clustered">False on a serve node (no cluster).</param>
/// <param name="Self">This node's cluster address.</param>
/// <param name="Leader">The leader's address, as this node sees it.</param>
/// <param name="Members">Every member this node knows of.</param>
/// <param name="Boards">On a relay: each board it serves, with its sessions.</param>
public sealed record ClusterModel(bool Clustered, string? Self, string? Leader, IReadOnlyList<MemberModel> Members, IReadOnlyList<BoardModel> Boards);

/// <param name="Address">The member's address (akka.tcp://mediaactors@host:port).</param>
/// <param name="Roles">board or relay.</param>
/// <param name="Status">Joining, Up, Leaving, Exiting, Down, Removed...</param>
/// <param name="Reachable">False while this node's failure detector finds it unreachable.</param>
/// <param name="IsSelf">This node.</param>
public sealed record MemberModel(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, bool IsSelf);

/// <param name="Name">The board's name.</param>
/// <param name="Address">Its cluster address.</param>
/// <param name="Sessions">Its sessions this relay serves.</param>
public sealed record BoardModel(string Name, string Address, IReadOnlyList<BoardSessionModel> Sessions);

/// <param name="Session">The session's name on the board.</param>
/// <param name="Path">Its path on this relay (board/session).</param>
/// <param name="Alias">The shorter path it is also served at, when no other board has a session of that name.</param>
public sealed record BoardSessionModel(string Session, string Path, string? Alias);
