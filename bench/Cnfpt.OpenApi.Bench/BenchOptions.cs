using System.Globalization;

namespace Cnfpt.OpenApi.Bench;

/// <summary>Command-line options; every phase is bounded by both <see cref="Duration"/> and <see cref="MaxRequests"/>.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: ./build.sh bench [options]
          --scale N          seed scale (1 = 1 500 sessions)                      default 1
          --connections C    concurrent connections of the closed-loop phase       default 16
          --duration D       seconds of each measured phase                        default 10
          --warmup W         seconds of warm-up per endpoint                       default 3
          --max-requests M   cap on the requests of any one phase                  default 200000
        """;

    public int Scale { get; init; } = 1;
    public int Connections { get; init; } = 16;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int MaxRequests { get; init; } = 200_000;
    public bool Help { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            options = args[i] switch
            {
                "--scale" => options with { Scale = Positive(args, ++i) },
                "--connections" => options with { Connections = Positive(args, ++i) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(args, ++i)) },
                "--warmup" => options with { Warmup = TimeSpan.FromSeconds(Positive(args, ++i)) },
                "--max-requests" => options with { MaxRequests = Positive(args, ++i) },
                "--help" or "-h" => options with { Help = true },
                var unknown => throw new BenchFailedException($"Unknown option '{unknown}'.\n{Usage}"),
            };
        }

        return options;
    }

    private static int Positive(string[] args, int i) =>
        i < args.Length && int.TryParse(args[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new BenchFailedException($"{args[i - 1]} needs a positive integer.\n{Usage}");
}

/// <summary>A run that cannot give meaningful numbers: printed without a stack trace, exit code 1.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
