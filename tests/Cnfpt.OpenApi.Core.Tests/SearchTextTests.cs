using Cnfpt.OpenApi.Core.Rules;

namespace Cnfpt.OpenApi.Core.Tests;

public class SearchTextTests
{
    [Theory]
    [InlineData("Sécurité", "securite")]
    [InlineData("SÉCURITÉ INCENDIE", "securite incendie")]
    [InlineData("Mettre en œuvre", "mettre en oeuvre")]
    [InlineData("L’Haÿ-les-Roses", "l'hay-les-roses")]
    [InlineData("Ça, c'est Noël à Besançon", "ca, c'est noel a besancon")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Fold_RemovesCaseAndDiacritics(string? input, string expected) => Assert.Equal(expected, SearchText.Fold(input));
}
