namespace Cnfpt.OpenApi.Cli;

/// <summary>
/// A SIREN is nine digits passing the Luhn check. Checked before any call so that a typo in a CSV is reported as
/// such (the API only knows collectivités by id). Hand-written: five lines, the same rule as Core/Rules/Siren.cs,
/// which the CLI cannot reference (it ships without the server).
/// </summary>
internal static class Siren
{
    public static bool IsValid(string? value)
    {
        if (value is not { Length: 9 } || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var digit = (value[8 - i] - '0') * (i % 2 == 1 ? 2 : 1);
            sum += digit > 9 ? digit - 9 : digit;
        }

        return sum % 10 == 0;
    }
}
