using System.Text.Json;
using Microsoft.Playwright;

namespace MediaActors.Tests.Browser;

/// <summary>What the page's window.mediaActorsPlayer and its video element say at one moment.</summary>
public sealed record PlayerSample(
    string Mode,
    string State,
    double CurrentTime,
    double? Latency,
    double? NewestFragmentTime,
    int FramesAppended,
    long BytesAppended,
    string? LastError,
    string? LastWarning,
    int TotalVideoFrames,
    int VideoWidth,
    int VideoHeight,
    bool Paused,
    double PlaybackRate,
    string Message);

/// <summary>Reads the player page from the browser.</summary>
public static class PlayerProbe
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<PlayerSample> SampleAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("""
            () => {
              const player = window.mediaActorsPlayer;
              const video = document.getElementById('video');
              const message = document.getElementById('message');
              return JSON.stringify({
                mode: player.mode,
                state: player.state,
                currentTime: video.currentTime,
                latency: player.latency(),
                newestFragmentTime: player.newestFragmentTime(),
                framesAppended: player.framesAppended,
                bytesAppended: player.bytesAppended,
                lastError: player.lastError,
                lastWarning: player.lastWarning,
                totalVideoFrames: video.getVideoPlaybackQuality().totalVideoFrames,
                videoWidth: video.videoWidth,
                videoHeight: video.videoHeight,
                paused: video.paused,
                playbackRate: video.playbackRate,
                message: message.hidden ? '' : message.textContent,
              });
            }
            """);
        return JsonSerializer.Deserialize<PlayerSample>(json, Json)!;
    }

    /// <summary>
    /// The share of the picture's pixels that are not near black: the video drawn onto a canvas
    /// and read back, so it is what the decoder produced, not that an element exists.
    /// <paramref name="videoSelector"/> finds the video element (the player page's by default).
    /// </summary>
    public static Task<double> LitShareAsync(IPage page, string videoSelector = "#video") => page.EvaluateAsync<double>("""
        (selector) => {
          const video = document.querySelector(selector);
          if (!video.videoWidth) return 0;
          const canvas = document.createElement('canvas');
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          const context = canvas.getContext('2d', { willReadFrequently: true });
          context.drawImage(video, 0, 0);
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          let lit = 0;
          for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i] + pixels[i + 1] + pixels[i + 2] > 60) lit++;
          }
          return lit / (pixels.length / 4);
        }
        """, videoSelector);

    /// <summary>Waits until <paramref name="condition"/> (a JavaScript expression over `player` and `video`) holds.</summary>
    public static async Task WaitForAsync(IPage page, string condition, TimeSpan timeout)
    {
        try
        {
            await page.WaitForFunctionAsync(
                $"() => {{ const player = window.mediaActorsPlayer; const video = document.getElementById('video'); return Boolean(player && ({condition})); }}",
                null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 50 });
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the page did not reach `{condition}` within {timeout.TotalSeconds:0} s: {await SampleAsync(page)}");
        }
    }
}
