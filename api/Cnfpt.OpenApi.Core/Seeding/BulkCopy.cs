using System.Collections;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Cnfpt.OpenApi.Core.Seeding;

/// <summary>
/// Npgsql binary COPY driven by the EF model (table, columns, store types and value converters), so that
/// a bulk load never drifts from the mapping. Hand-written because EF Core has no bulk-insert API and the
/// well-known bulk extensions are commercial or not served here; it is ~50 lines over Npgsql's own importer.
/// </summary>
internal static class BulkCopy
{
    public static async Task<long> WriteAsync(NpgsqlConnection connection, IEntityType entityType, IEnumerable rows, CancellationToken cancellationToken)
    {
        var table = entityType.GetTableName()!;
        var storeObject = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        var columns = entityType.GetProperties()
            .Where(p => p.PropertyInfo is not null && p.GetColumnName(storeObject) is not null)
            .Select(p => (Property: p, Column: p.GetColumnName(storeObject)!, StoreType: BaseStoreType(p.GetColumnType()), Converter: p.GetTypeMapping().Converter))
            .ToList();
        var columnList = string.Join(", ", columns.Select(c => Quote(c.Column)));

        long count = 0;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {Quote(table)} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // The server may take minutes to finish a COPY of millions of rows (index maintenance): the
            // default 30 s command timeout would abort the national load at its last row.
            importer.Timeout = TimeSpan.FromHours(2);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                foreach (var (property, _, storeType, converter) in columns)
                {
                    var value = property.PropertyInfo!.GetValue(row);
                    if (value is null)
                    {
                        await importer.WriteNullAsync(cancellationToken);
                        continue;
                    }

                    await importer.WriteAsync(converter is null ? value : converter.ConvertToProvider(value), storeType, cancellationToken);
                }

                count++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        return count;
    }

    /// <summary>After explicit ids were copied, moves each identity sequence past the largest id.</summary>
    public static async Task ResetIdentitiesAsync(NpgsqlConnection connection, IModel model, CancellationToken cancellationToken)
    {
        foreach (var entityType in model.GetEntityTypes())
        {
            var key = entityType.FindPrimaryKey();
            if (key is not { Properties.Count: 1 } || key.Properties[0].ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never
                || key.Properties[0].ClrType == typeof(string))
            {
                continue;
            }

            var table = entityType.GetTableName()!;
            var column = key.Properties[0].GetColumnName(StoreObjectIdentifier.Table(table, entityType.GetSchema()))!;
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT setval(pg_get_serial_sequence('{Quote(table)}', '{column}'), GREATEST(COALESCE(MAX({Quote(column)}), 0), 1), MAX({Quote(column)}) IS NOT NULL) FROM {Quote(table)}";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // "character varying(32)" → "character varying": Npgsql resolves the type by name, facets are irrelevant to COPY.
    private static string BaseStoreType(string storeType)
    {
        var parenthesis = storeType.IndexOf('(', StringComparison.Ordinal);
        return parenthesis < 0 ? storeType : storeType[..parenthesis].Trim();
    }
}
