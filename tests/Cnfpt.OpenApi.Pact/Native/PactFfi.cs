using System.Runtime.InteropServices;

namespace Cnfpt.OpenApi.Pact.Native;

/// <summary>
/// The C functions of libpact_ffi 0.5.x that this binding uses. No C header ships with the npm package: the
/// signatures follow pact_ffi's documentation (docs.rs/pact_ffi) and were checked against the library's
/// exported symbols (<c>nm -D libpact_ffi.so</c>).
/// </summary>
/// <remarks>
/// Handles are small integers into tables that the library guards with its own locks, so calls on different
/// handles may run on different threads at once (xunit runs test classes in parallel). One handle is never
/// shared between threads by this binding: a <see cref="PactBuilder"/> belongs to one test. Mock servers are
/// keyed by port in a global, locked registry. Logging is process-wide and initialised once (see
/// <see cref="NativeLibraryLoader"/>).
/// Strings: pointers returned by the verifier are owned by the caller and freed with
/// <see cref="StringDelete"/>; <see cref="MockServerMismatches"/> and <see cref="Version"/> return strings the
/// library owns (freeing them would be a double free).
/// </remarks>
internal static partial class PactFfi
{
    internal const string Library = "pact_ffi";

    public const int SpecificationV4 = 5;
    public const int PartRequest = 0;
    public const int PartResponse = 1;

    // An explicit static constructor runs before the first call of any method of this class: the resolver
    // that finds the library must be in place before the runtime resolves the first import.
#pragma warning disable CA1810 // Initialize reference type static fields inline: there is no field, only the registration.
    static PactFfi() => NativeLibraryLoader.Register();
#pragma warning restore CA1810

    [LibraryImport(Library, EntryPoint = "pactffi_version")]
    public static partial IntPtr Version();

    [LibraryImport(Library, EntryPoint = "pactffi_string_delete")]
    public static partial void StringDelete(IntPtr value);

    [LibraryImport(Library, EntryPoint = "pactffi_log_to_buffer")]
    public static partial int LogToBuffer(int levelFilter);

    // ---- Consumer side: pacts, interactions, mock servers ----

    [LibraryImport(Library, EntryPoint = "pactffi_new_pact", StringMarshalling = StringMarshalling.Utf8)]
    public static partial ushort NewPact(string consumer, string provider);

    [LibraryImport(Library, EntryPoint = "pactffi_with_specification")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithSpecification(ushort pact, int specification);

    [LibraryImport(Library, EntryPoint = "pactffi_free_pact_handle")]
    public static partial uint FreePactHandle(ushort pact);

    [LibraryImport(Library, EntryPoint = "pactffi_new_interaction", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint NewInteraction(ushort pact, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_upon_receiving", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool UponReceiving(uint interaction, string description);

    [LibraryImport(Library, EntryPoint = "pactffi_given", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool Given(uint interaction, string state);

    /// <summary>0 on success; the parameters are a JSON object.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_given_with_params", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int GivenWithParams(uint interaction, string state, string parametersJson);

    [LibraryImport(Library, EntryPoint = "pactffi_with_request", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithRequest(uint interaction, string method, string path);

    [LibraryImport(Library, EntryPoint = "pactffi_with_query_parameter_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithQueryParameter(uint interaction, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_header_v2", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithHeader(uint interaction, int part, string name, nuint index, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_with_body", StringMarshalling = StringMarshalling.Utf8)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool WithBody(uint interaction, int part, string contentType, string body);

    [LibraryImport(Library, EntryPoint = "pactffi_response_status")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool ResponseStatus(uint interaction, ushort status);

    /// <summary>The port the server listens on, or a negative error code.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_create_mock_server_for_transport", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateMockServerForTransport(ushort pact, string address, ushort port, string transport, IntPtr transportConfig);

    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_matched")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool MockServerMatched(int port);

    /// <summary>A JSON array owned by the mock server: copy it, never free it.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_mismatches")]
    public static partial IntPtr MockServerMismatches(int port);

    /// <summary>The log lines of one mock server (when logging to the buffer): owned by the library.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_mock_server_logs")]
    public static partial IntPtr MockServerLogs(int port);

    /// <summary>0 on success, 1 panic, 2 the file could not be written, 3 no such mock server.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_write_pact_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int WritePactFile(int port, string directory, [MarshalAs(UnmanagedType.U1)] bool overwrite);

    [LibraryImport(Library, EntryPoint = "pactffi_cleanup_mock_server")]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool CleanupMockServer(int port);

    // ---- Provider side: the verifier ----

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_new_for_application", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr VerifierNew(string name, string version);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_shutdown")]
    public static partial void VerifierShutdown(IntPtr verifier);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_provider_info", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierSetProviderInfo(IntPtr verifier, string name, string scheme, string host, ushort port, string path);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_provider_state", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierSetProviderState(IntPtr verifier, string url, [MarshalAs(UnmanagedType.U1)] bool teardown, [MarshalAs(UnmanagedType.U1)] bool body);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_filter_info", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierSetFilterInfo(IntPtr verifier, string? description, string? state, [MarshalAs(UnmanagedType.U1)] bool noState);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_verification_options")]
    public static partial int VerifierSetVerificationOptions(IntPtr verifier, [MarshalAs(UnmanagedType.U1)] bool disableSslVerification, ulong requestTimeoutMs);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_coloured_output")]
    public static partial int VerifierSetColouredOutput(IntPtr verifier, [MarshalAs(UnmanagedType.U1)] bool coloured);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_set_no_pacts_is_error")]
    public static partial int VerifierSetNoPactsIsError(IntPtr verifier, [MarshalAs(UnmanagedType.U1)] bool isError);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_add_custom_header", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierAddCustomHeader(IntPtr verifier, string name, string value);

    [LibraryImport(Library, EntryPoint = "pactffi_verifier_add_file_source", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void VerifierAddFileSource(IntPtr verifier, string file);

    /// <summary>0 every interaction passed, 1 at least one failed, 2+ the verifier could not run.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_verifier_execute")]
    public static partial int VerifierExecute(IntPtr verifier);

    /// <summary>The text the verifier printed; the caller frees it with <see cref="StringDelete"/>.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_verifier_output")]
    public static partial IntPtr VerifierOutput(IntPtr verifier, [MarshalAs(UnmanagedType.U1)] bool stripAnsi);

    /// <summary>The JSON report of the last run; the caller frees it with <see cref="StringDelete"/>.</summary>
    [LibraryImport(Library, EntryPoint = "pactffi_verifier_json")]
    public static partial IntPtr VerifierJson(IntPtr verifier);

    /// <summary>Copies a string the library owns.</summary>
    public static string? Borrowed(IntPtr value) => value == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(value);

    /// <summary>Copies a string the caller owns, then frees it in the library that allocated it.</summary>
    public static string? Owned(IntPtr value)
    {
        if (value == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(value);
        }
        finally
        {
            StringDelete(value);
        }
    }
}
