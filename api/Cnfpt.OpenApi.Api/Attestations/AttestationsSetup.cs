using Cnfpt.OpenApi.Api.Data;
using Cnfpt.OpenApi.Api.Enrolments;
using Cnfpt.OpenApi.Core.Attendance;
using Cnfpt.OpenApi.Core.Attestations;
using Cnfpt.OpenApi.Core.Data;
using Cnfpt.OpenApi.Core.Enrolments;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cnfpt.OpenApi.Api.Attestations;

/// <summary>One configured attestation key (for secret stores that hand PEM text rather than files).</summary>
public sealed class AttestationKeySetting
{
    public string Kid { get; set; } = "";

    public AttestationKeyStatus Status { get; set; } = AttestationKeyStatus.Active;

    /// <summary>PKCS#8 or SEC1 private key; for retired and revoked keys a public key (SPKI) is enough.</summary>
    public string Pem { get; set; } = "";
}

/// <summary>Settings of the "Attestations" configuration section (docs/attestations.md).</summary>
public sealed class AttestationOptions
{
    public const string Section = "Attestations";

    /// <summary>The <c>iss</c> of every attestation token.</summary>
    public string Issuer { get; set; } = "https://api.cnfpt.fr";

    /// <summary>
    /// Base URL printed on attestations and encoded in their QR code (the verification page is
    /// <c>{base}/verify/{number}/{code}</c>). Empty: the scheme and host of the request that renders the PDF.
    /// </summary>
    public string? VerificationBaseUrl { get; set; }

    /// <summary>Days after a session's last day during which its attendance can be recorded or corrected.</summary>
    public int CorrectionDays { get; set; } = 30;

    /// <summary>Directory of PEM keys named <c>{kid}.{active|retired|revoked}.pem</c>.</summary>
    public string? KeyDirectory { get; set; }

    /// <summary>Keys given as configuration values, in addition to the directory's.</summary>
    public List<AttestationKeySetting> Keys { get; } = [];

    /// <summary>One key generated at start and lost at exit (tests). The sandbox instead keeps generated keys in a directory.</summary>
    public bool EphemeralKeys { get; set; }
}

internal static class AttestationsSetup
{
    /// <summary>The sandbox's key directory, next to its database file, when none is configured.</summary>
    private const string SandboxKeyDirectory = "attestation-keys";

    public static IServiceCollection AddCnfptAttestations(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AttestationOptions>().Bind(configuration.GetSection(AttestationOptions.Section))
            .Validate(o => o.CorrectionDays is >= 0 and <= 366, "Attestations:CorrectionDays must be 0 to 366.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        var sandbox = configuration.IsSandbox();
        // Built on first use, not at start: generating the OpenAPI documents needs no keys.
        services.AddSingleton(sp => LoadKeys(sp.GetRequiredService<IOptions<AttestationOptions>>().Value, environment, sandbox));
        services.AddSingleton(sp => new AttestationSigner(sp.GetRequiredService<AttestationKeyRing>(), sp.GetRequiredService<IOptions<AttestationOptions>>().Value.Issuer));
        services.AddScoped(sp => new AttestationVerification(sp.GetRequiredService<CnfptDbContext>(), sp.GetRequiredService<AttestationSigner>()));
        services.AddScoped(sp =>
        {
            var db = sp.GetRequiredService<CnfptDbContext>();
            var printBatches = sp.GetRequiredService<PrintBatchService>();
            return new AttendanceWorkflow(db, sp.GetRequiredService<EnrolmentWorkflow>(), sp.GetRequiredService<AttestationSigner>(), sp.GetRequiredService<TimeProvider>())
            {
                CorrectionDays = sp.GetRequiredService<IOptions<AttestationOptions>>().Value.CorrectionDays,
                // A paper collectivité's attestation joins today's print batch, in the same transaction.
                OnIssued = async (attestation, cancellationToken) =>
                    attestation.PrintBatchId = await printBatches.PaperBatchIdAsync(db, attestation.CollectiviteId, cancellationToken),
            };
        });
        return services;
    }

    private static AttestationKeyRing LoadKeys(AttestationOptions options, IHostEnvironment environment, bool sandbox)
    {
        var keys = new List<AttestationKey>();
        var directory = options.KeyDirectory is { Length: > 0 } configured
            ? Path.Combine(environment.ContentRootPath, configured)
            : sandbox ? Path.Combine(environment.ContentRootPath, SandboxKeyDirectory) : null;
        if (directory is not null)
        {
            if (sandbox && options.Keys.Count == 0)
            {
                AttestationKeyRing.EnsureGenerated(directory);
            }

            keys.AddRange(AttestationKeyRing.ReadDirectory(directory));
        }

        keys.AddRange(options.Keys.Select(k => AttestationKeyRing.FromPem(k.Kid, k.Status, k.Pem)));
        if (keys.Count == 0 && options.EphemeralKeys)
        {
            keys.Add(AttestationKey.Generate());
        }

        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                "No attestation signing key: set Attestations:KeyDirectory or Attestations:Keys (docs/attestations.md), or Attestations:EphemeralKeys=true for a throwaway instance.");
        }

        return new AttestationKeyRing(keys);
    }
}
