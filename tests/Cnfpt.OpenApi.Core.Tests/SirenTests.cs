using Cnfpt.OpenApi.Core.Rules;

namespace Cnfpt.OpenApi.Core.Tests;

public class SirenTests
{
    [Theory]
    [InlineData("215903501")] // Commune de Lille
    [InlineData("200093201")] // Métropole Européenne de Lille
    [InlineData("225900018")] // Département du Nord
    [InlineData("213105554")] // Commune de Toulouse
    public void IsValid_AcceptsRealSirens(string siren) => Assert.True(Siren.IsValid(siren));

    [Theory]
    [InlineData("215903502")] // last digit changed
    [InlineData("215903510")] // two digits swapped
    [InlineData("21590350")] // eight digits
    [InlineData("2159035011")] // ten digits
    [InlineData("21590350A")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_RejectsMalformedOrWrongChecksum(string? siren) => Assert.False(Siren.IsValid(siren));

    [Theory]
    [InlineData("21590350", "215903501")]
    [InlineData("22590001", "225900018")]
    public void WithCheckDigit_CompletesToTheRealNumber(string eight, string expected) =>
        Assert.Equal(expected, Siren.WithCheckDigit(eight));

    [Fact]
    public void WithCheckDigit_RejectsAnythingButEightDigits() =>
        Assert.Throws<ArgumentException>(() => Siren.WithCheckDigit("2159035"));
}
