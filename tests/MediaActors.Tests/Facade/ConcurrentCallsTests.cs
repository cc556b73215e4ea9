using MediaActors.Testing;
using MediaActors.Tests.Infrastructure;

namespace MediaActors.Tests.Facade;

/// <summary>SendVideoData runs on a capture thread while the control thread destroys the session or stops the server.</summary>
public sealed class ConcurrentCallsTests
{
    [Fact]
    public async Task SendVideoData_concurrent_with_DestroySession_and_Stop_fails_only_with_session_not_found()
    {
        var accessUnits = await EncodedTestStream.GetAccessUnitsAsync();
        using var server = new RtspServer(LoopbackSettings.Rtsp);
        server.Init(0);
        server.Start();

        for (var round = 0; round < 20; round++)
        {
            var name = $"s{round}";
            server.CreateSession(name, VideoType.H264, false);
            using var stop = new CancellationTokenSource();
            var unexpected = new List<Exception>();
            var sent = 0;
            var capture = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var accessUnit = accessUnits[sent++ % accessUnits.Count];
                        server.SendVideoData(name, accessUnit, accessUnit.Length, 1000);
                    }
                    catch (RtspSessionNotFoundException)
                    {
                        // Expected once the session is gone.
                    }
                    catch (Exception error)
                    {
                        unexpected.Add(error);
                        return;
                    }
                }
            });

            await Task.Delay(20);
            if (round % 2 == 0)
            {
                server.Stop();
                server.Start();
            }
            server.DestroySession(name);
            await Task.Delay(5);
            stop.Cancel();
            await capture.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Empty(unexpected);
            Assert.True(sent > 0);
        }
    }
}
