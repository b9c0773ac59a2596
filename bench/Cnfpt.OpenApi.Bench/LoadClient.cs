using System.Buffers;
using System.Diagnostics;
using System.Net;

namespace Cnfpt.OpenApi.Bench;

/// <summary>An endpoint under load and the exact body length every one of its responses must have.</summary>
internal sealed record Endpoint(string Name, Uri Uri, long ExpectedBytes);

/// <summary>
/// A small HTTP load generator in the same process as the server (127.0.0.1 only). Every phase is bounded by a
/// duration and by a request count. Latencies are kept raw (one long per request, allocated before the phase
/// starts) and sorted afterwards, so that nothing in the measured window allocates on the client's account
/// except what HttpClient itself needs per request.
/// </summary>
internal sealed class LoadClient(HttpClient http, int maxRequests)
{
    public static HttpClient CreateHttpClient(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Closed loop: <paramref name="workers"/> clients, each sending its next request when the previous one has completed.</summary>
    public async Task<PhaseSample> ClosedLoopAsync(Endpoint endpoint, int workers, TimeSpan duration)
    {
        var latencies = new long[maxRequests];
        var issued = 0;
        var errors = 0;
        var before = ProcessCounters.Now();
        var clock = Stopwatch.StartNew();
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
        {
            tasks[w] = Task.Run(async () =>
            {
                int slot;
                while (clock.Elapsed < duration && (slot = Interlocked.Increment(ref issued) - 1) < maxRequests)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (!await SendAsync(endpoint))
                    {
                        Interlocked.Increment(ref errors);
                    }

                    latencies[slot] = Stopwatch.GetTimestamp() - start;
                }
            });
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        var counters = ProcessCounters.Now() - before;
        return new(latencies[..Math.Min(issued, maxRequests)], errors, elapsed, counters);
    }

    /// <summary>
    /// Open loop: requests start on a fixed schedule (<paramref name="rate"/> per second) whether or not earlier
    /// ones have completed, and each latency runs from the scheduled send time, so a stall is charged to every
    /// request it delays (no coordinated omission, as in wrk2).
    /// </summary>
    public async Task<PhaseSample> OpenLoopAsync(Endpoint endpoint, double rate, TimeSpan duration)
    {
        var total = (int)Math.Min(maxRequests, rate * duration.TotalSeconds);
        var latencies = new long[total];
        var errors = 0;
        var inFlight = new Task[total];
        var interval = Stopwatch.Frequency / rate;
        var before = ProcessCounters.Now();
        var clock = Stopwatch.StartNew();
        var origin = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var scheduled = origin + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.Zero)
            {
                // Never early: round up to the timer's millisecond; late sends are charged to the request.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
            }

            inFlight[i] = SendScheduledAsync(i, scheduled);
        }

        await Task.WhenAll(inFlight);
        var elapsed = clock.Elapsed;
        var counters = ProcessCounters.Now() - before;
        return new(latencies, errors, elapsed, counters);

        async Task SendScheduledAsync(int i, long scheduled)
        {
            if (!await SendAsync(endpoint))
            {
                Interlocked.Increment(ref errors);
            }

            latencies[i] = Stopwatch.GetTimestamp() - scheduled;
        }
    }

    /// <summary>One GET, body read to the end into a pooled buffer; true when 200 with the expected body length.</summary>
    private async Task<bool> SendAsync(Endpoint endpoint)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var response = await http.GetAsync(endpoint.Uri, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                length += read;
            }

            return response.StatusCode == HttpStatusCode.OK && length == endpoint.ExpectedBytes;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
