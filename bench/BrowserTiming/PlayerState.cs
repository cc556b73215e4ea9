using System.Text.Json;
using Microsoft.Playwright;

namespace MediaActors.BrowserTiming;

/// <summary>What the player page says at one moment (its <c>window.mediaActorsPlayer</c> and video element).</summary>
/// <param name="LatencyS">How far the picture is behind the newest data received (the end of what is buffered); null before any.</param>
public sealed record PlayerState(string State, double CurrentTime, double? LatencyS, int DecodedFrames, int DroppedFrames, string? LastError)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<PlayerState> ReadAsync(IPage page) =>
        JsonSerializer.Deserialize<PlayerState>(await page.EvaluateAsync<string>("""
            () => {
              const player = window.mediaActorsPlayer;
              const video = document.getElementById('video');
              const quality = video.getVideoPlaybackQuality();
              return JSON.stringify({ state: player.state, currentTime: video.currentTime, latencyS: player.latency(),
                                      decodedFrames: quality.totalVideoFrames, droppedFrames: quality.droppedVideoFrames,
                                      lastError: player.lastError });
            }
            """), Json)!;
}
