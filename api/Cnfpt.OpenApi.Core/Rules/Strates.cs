using Cnfpt.OpenApi.Core.Domain;

namespace Cnfpt.OpenApi.Core.Rules;

/// <summary>Strates démographiques used to compare peer collectivités.</summary>
public static class Strates
{
    /// <summary>The band of a population (communes, EPCIs) or of an agent headcount (other collectivités).</summary>
    public static Strate Of(int populationOrHeadcount) => populationOrHeadcount switch
    {
        < 1_000 => Strate.MoinsDe1000,
        < 3_500 => Strate.De1000A3499,
        < 10_000 => Strate.De3500A9999,
        < 20_000 => Strate.De10000A19999,
        < 50_000 => Strate.De20000A49999,
        < 100_000 => Strate.De50000A99999,
        _ => Strate.PlusDe100000,
    };
}
