using System.Globalization;
using System.Text;

namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>
/// Folds text for accent- and case-insensitive search: "Sécurité" and "SECURITE" both become "securite".
/// Done in .NET at write time (stored in a column) rather than with PostgreSQL's unaccent so that the
/// same query runs on PostgreSQL and on the sandbox's SQLite, and stays translatable to SQL LIKE.
/// </summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                    break;
                default:
                    builder.Append(c switch
                    {
                        'œ' or 'Œ' => "oe",
                        'æ' or 'Æ' => "ae",
                        '’' => "'",
                        _ => char.ToLowerInvariant(c).ToString(),
                    });
                    break;
            }
        }

        return builder.ToString();
    }
}
