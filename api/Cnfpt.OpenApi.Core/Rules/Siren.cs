namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>SIREN numbers: nine digits whose Luhn checksum is zero (INSEE).</summary>
public static class Siren
{
    public static bool IsValid(string? value)
    {
        if (value is not { Length: 9 })
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var c = value[8 - i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            var digit = c - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    /// <summary>Completes eight digits with the Luhn check digit.</summary>
    public static string WithCheckDigit(string eightDigits)
    {
        ArgumentNullException.ThrowIfNull(eightDigits);
        if (eightDigits.Length != 8 || !eightDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("Eight ASCII digits expected.", nameof(eightDigits));
        }

        for (var check = 0; check < 10; check++)
        {
            var candidate = eightDigits + (char)('0' + check);
            if (IsValid(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Unreachable: one check digit always satisfies Luhn.");
    }
}
