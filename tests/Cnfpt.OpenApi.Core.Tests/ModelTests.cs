using Cnfpt.OpenApi.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Cnfpt.OpenApi.Core.Tests;

public class ModelTests
{
    [Fact]
    public void CommittedMigrations_CaptureTheWholeModel()
    {
        // No connection is opened: the check compares the model with the last migration's snapshot.
        var options = CnfptDatabase.Configure(new DbContextOptionsBuilder<CnfptDbContext>(), "Host=unused;Database=unused");
        using var db = new CnfptDbContext((DbContextOptions<CnfptDbContext>)options.Options);
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project api/Cnfpt.OpenApi.Core --output-dir Data/Migrations");
    }
}
