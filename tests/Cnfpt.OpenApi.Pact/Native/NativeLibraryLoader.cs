using System.Reflection;
using System.Runtime.InteropServices;

namespace Cnfpt.OpenApi.Pact.Native;

/// <summary>
/// Finds libpact_ffi.so in the npm package that <c>npm ci --prefix contracts</c> installs (pinned in
/// contracts/package.json), from the repository root above the test binaries, so that no machine path is
/// written anywhere. <c>PACT_FFI_LIBRARY</c> overrides it (another platform's build of the library).
/// </summary>
internal static partial class NativeLibraryLoader
{
    private const string PackagePath = "contracts/node_modules/@pact-foundation/pact-core-linux-x64-glibc/prebuilds/linux-x64/libpact_ffi.so";

    /// <summary>Called once, by PactFfi's static constructor, before its first native call.</summary>
    internal static void Register()
    {
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
        // The library and CLI otherwise try to send anonymous usage data. Environment.SetEnvironmentVariable
        // only changes .NET's copy of the environment; the Rust code reads the process's, hence setenv.
        _ = SetEnv("PACT_DO_NOT_TRACK", "true", 1);
    }

    private static readonly Lazy<IntPtr> Handle = new(Load);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == PactFfi.Library ? Handle.Value : IntPtr.Zero;

    private static unsafe IntPtr Load()
    {
        var handle = NativeLibrary.Load(Environment.GetEnvironmentVariable("PACT_FFI_LIBRARY") ?? Find());
        // Capture each mock server's log in memory (read back into failure messages) instead of printing it.
        // Logging is process-wide and may be set up once: here, before any pact exists; 3 = info. Called
        // through the raw export because PactFfi's imports resolve through this very method.
        var logToBuffer = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(handle, "pactffi_log_to_buffer");
        _ = logToBuffer(3);
        return handle;
    }

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, PackagePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DllNotFoundException(
            $"libpact_ffi not found: no {PackagePath} above {AppContext.BaseDirectory}. "
            + "Run `npm ci --prefix contracts` at the repository root (./build.sh test does it), or set PACT_FFI_LIBRARY.");
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
