using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Cnfpt.OpenApi.Core.Enrolments;

/// <summary>
/// Inserts new rows with PostgreSQL's binary COPY, columns and conversions (enums as text) read from the EF model, so
/// that a column added to the entity is copied without touching this code. For the bulk paths, where SaveChanges'
/// change tracking costs more CPU than the database does for the rows.
/// </summary>
/// <remarks>
/// Hand-written: the libraries that wrap COPY for EF Core (EFCore.BulkExtensions, Thinktecture) are not available here,
/// and linq2db would bring a second ORM for these thirty lines.
/// </remarks>
internal static class BulkCopy
{
    /// <summary>
    /// Copies <paramref name="rows"/> into <typeparamref name="T"/>'s table, in the context's current transaction.
    /// Store-generated keys are left to the database unless <paramref name="withKeys"/>.
    /// </summary>
    public static async Task CopyAsync<T>(DbContext db, IReadOnlyCollection<T> rows, bool withKeys, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => withKeys || p.ValueGenerated != ValueGenerated.OnAdd)
            .Select(p => (Name: p.GetColumnName(table)!, Get: p.GetGetter(), Converter: p.GetTypeMapping().Converter))
            .ToList();
        var sql = $"COPY {Quote(table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var (_, get, converter) in columns)
            {
                var value = get.GetClrValue(row);
                if (value is not null && converter is not null)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else
                {
                    // Npgsql picks the PostgreSQL type from the CLR type, as EF's default mappings do.
                    await importer.WriteAsync(value, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
