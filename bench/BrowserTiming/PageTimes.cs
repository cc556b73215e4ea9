using System.Text.Json;
using Microsoft.Playwright;

namespace MediaActors.BrowserTiming;

/// <summary>
/// When the player page reached each step of its start, in milliseconds from the start of its
/// navigation (the page's own clock, <c>performance.now()</c>), as a user sees it. Null: not reached.
/// </summary>
/// <param name="PageReceivedMs">The page's HTML was in (the navigation's responseEnd).</param>
/// <param name="PageReadyMs">The page and its scripts were loaded and run (DOMContentLoaded ended); the player opens its WebSocket then.</param>
/// <param name="SocketOpenMs">The page's WebSocket connected.</param>
/// <param name="FirstMessageMs">Its first message (the text init).</param>
/// <param name="FirstFragmentMs">Its first fragment: the message after the init segment, the cached GOP's keyframe.</param>
/// <param name="FirstDecodedMs">The video element first counted a decoded frame (what the browser tests wait for), seen at the next animation frame.</param>
/// <param name="FirstFrameMs">The first frame was handed to the compositor (<c>requestVideoFrameCallback</c>'s presentation time): the first picture.</param>
public sealed record PageTimes(double? PageReceivedMs, double? PageReadyMs, double? SocketOpenMs, double? FirstMessageMs, double? FirstFragmentMs, double? FirstDecodedMs, double? FirstFrameMs)
{
    /// <summary>
    /// Runs in the page before its own scripts: it watches the WebSocket the player opens and the
    /// video element, and keeps the times in <c>window.__mediaActorsTimes</c>.
    /// </summary>
    public const string InitScript = """
        (() => {
          const times = {};
          window.__mediaActorsTimes = times;
          const NativeWebSocket = window.WebSocket;
          window.WebSocket = class extends NativeWebSocket {
            constructor(...args) {
              super(...args);
              let binary = 0;
              this.addEventListener('open', () => { times.socketOpen ??= performance.now(); });
              this.addEventListener('message', (event) => {
                const now = performance.now();
                times.firstMessage ??= now;
                if (typeof event.data !== 'string' && ++binary === 2) {
                  times.firstFragment ??= now;
                }
              });
            }
          };
          document.addEventListener('DOMContentLoaded', () => {
            const video = document.getElementById('video');
            if (!video) {
              return;
            }
            if (video.requestVideoFrameCallback) {
              video.requestVideoFrameCallback((_, metadata) => { times.firstFrame ??= metadata.presentationTime; });
            }
            const poll = () => {
              if (video.getVideoPlaybackQuality().totalVideoFrames > 0) {
                times.firstDecoded ??= performance.now();
              } else {
                requestAnimationFrame(poll);
              }
            };
            requestAnimationFrame(poll);
          });
        })();
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The first picture: presented, or where the browser gave no presentation time, first decoded.</summary>
    public double? PictureMs => FirstFrameMs ?? FirstDecodedMs;

    public static async Task<PageTimes> ReadAsync(IPage page) =>
        JsonSerializer.Deserialize<PageTimes>(await page.EvaluateAsync<string>("""
            () => {
              const t = window.__mediaActorsTimes || {};
              const navigation = performance.getEntriesByType('navigation')[0] || {};
              const ms = (value) => (value ? Math.round(value * 10) / 10 : undefined);
              return JSON.stringify({ pageReceivedMs: ms(navigation.responseEnd), pageReadyMs: ms(navigation.domContentLoadedEventEnd),
                                      socketOpenMs: ms(t.socketOpen), firstMessageMs: ms(t.firstMessage), firstFragmentMs: ms(t.firstFragment),
                                      firstDecodedMs: ms(t.firstDecoded), firstFrameMs: ms(t.firstFrame) });
            }
            """), Json)!;

    /// <summary>Waits until the page has shown its first picture (both ways of seeing it), or <paramref name="timeout"/> passed.</summary>
    public static async Task WaitForPictureAsync(IPage page, TimeSpan timeout) =>
        await page.WaitForFunctionAsync(
            "() => { const t = window.__mediaActorsTimes; return t && t.firstDecoded !== undefined && (t.firstFrame !== undefined || !HTMLVideoElement.prototype.requestVideoFrameCallback); }",
            null, new PageWaitForFunctionOptions { Timeout = (float)timeout.TotalMilliseconds, PollingInterval = 20 });
}
