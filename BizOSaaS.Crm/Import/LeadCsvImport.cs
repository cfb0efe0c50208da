using System.Diagnostics;
using System.Globalization;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Crm.Import;

/// <summary>
/// Streams a CSV of leads into the tenant: columns found by name (or by the caller's mapping), every row checked
/// with the same rules as the API, bad rows reported with their row number, field and reason and nothing of them
/// written. Good rows go in batches, one transaction each; a lead is matched by email, so importing the same
/// file again updates what changed and creates nothing (an unchanged lead is not written at all).
/// </summary>
public sealed class LeadCsvImport(CrmDb db, LeadEditor editor, RequestValidator validator, ScoringSettingsStore settingsStore, LeadScorer scorer, TimeProvider clock, ILogger<LeadCsvImport> logger)
{
    public const int BatchSize = 1000;
    public const int MaxReportedErrors = 1000;
    public const string DefaultSource = "import";

    /// <summary>The fields a column can fill, with the header names recognised for each (compared without case, spaces or punctuation).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Fields = new Dictionary<string, string[]>
    {
        ["name"] = ["name", "fullname", "contactname", "leadname"],
        ["email"] = ["email", "emailaddress", "mail"],
        ["phone"] = ["phone", "phonenumber", "telephone", "mobile"],
        ["company"] = ["company", "companyname", "organization", "organisation", "account"],
        ["jobTitle"] = ["jobtitle", "title", "position", "role"],
        ["industry"] = ["industry", "sector"],
        ["companySize"] = ["companysize", "employees", "size", "numberofemployees"],
        ["source"] = ["source", "leadsource"],
        ["status"] = ["status", "leadstatus"],
        ["tags"] = ["tags", "labels"],
    };

    private sealed record Row(int Number, LeadRequest Request, string EmailKey);

    /// <summary>Checks the mapping against the header before any row is read: 400-worthy problems, or none.</summary>
    private static Dictionary<string, int>? MapColumns(string[] header, IReadOnlyDictionary<string, string> mapping, FieldErrors errors, out List<string> ignored)
    {
        var normalized = header.Select(Normalize).ToArray();
        var columns = new Dictionary<string, int>();
        foreach (var (field, column) in mapping)
        {
            if (!Fields.ContainsKey(field))
            {
                errors.Add("map", $"{field} is not a lead field; map one of: {string.Join(", ", Fields.Keys)}.");
                continue;
            }
            var index = Array.FindIndex(header, h => string.Equals(h.Trim(), column.Trim(), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                errors.Add("map", $"The file has no column \"{column}\" (for {field}); its columns are: {string.Join(", ", header)}.");
                continue;
            }
            columns[field] = index;
        }
        foreach (var (field, aliases) in Fields)
        {
            if (!columns.ContainsKey(field) && Array.FindIndex(normalized, h => aliases.Contains(h)) is >= 0 and var index && !columns.ContainsValue(index))
            {
                columns[field] = index;
            }
        }
        if (!columns.ContainsKey("email") && !errors.Any)
        {
            errors.Add("map", $"The file needs an email column (or map one with map=email:<column>); its columns are: {string.Join(", ", header)}.");
        }
        ignored = header.Where((_, i) => !columns.ContainsValue(i)).ToList();
        return errors.Any ? null : columns;
    }

    /// <summary>Reads the header, checks the mapping, then every row. A problem with the file as a whole (no header,
    /// no email column, a mapping to a column that is not there) comes back as field errors, with nothing written.</summary>
    public async Task<(ImportReport? Report, FieldErrors Errors)> ImportAsync(Stream csvBody, IReadOnlyDictionary<string, string> mapping, Actor actor,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var errors = new FieldErrors();
        // Lines with bad quoting, by line number; the reader recovers them and the loop below rejects them.
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            // A stray quote then spoils one line, never the rest of the file; leads have no multi-line fields.
            AllowLineBreaksInQuotes = false,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
            IncludeValuesInExceptions = false,
        };
        await using var csv = CsvReader.Create(csvBody, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        var header = csv.Headers.ToArray();
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            errors.Add("file", "The file is empty; it needs a header row and one row per lead.");
            return (null, errors);
        }
        if (MapColumns(header, mapping, errors, out var ignored) is not { } columns)
        {
            return (null, errors);
        }

        var sources = (await editor.SourceKeysAsync(cancellationToken)).ToHashSet();
        var report = new Counts();
        var batch = new Dictionary<string, Row>();
        while (true)
        {
            bool more;
            try
            {
                more = await csv.ReadAsync(cancellationToken);
            }
            catch (CsvFormatException ex)
            {
                report.Fail((int)csv.LineNumber, "(row)", $"The CSV could not be read from here on: {ex.Message}");
                break;
            }
            if (!more)
            {
                break;
            }
            report.Rows++;
            var number = (int)csv.LineNumber;
            if (malformed.Remove(csv.LineNumber, out var reason))
            {
                report.Fail(number, "(row)", $"Malformed CSV: {Describe(reason)}.");
                continue;
            }
            if (csv.FieldCount != header.Length)
            {
                report.Fail(number, "(row)", $"The row has {csv.FieldCount} fields; the header has {header.Length}.");
                continue;
            }
            var record = new string[csv.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = csv.GetString(i) ?? "";
            }
            if (await ParseRowAsync(number, record, columns, sources, report, cancellationToken) is not { } row)
            {
                continue;
            }
            if (batch.Remove(row.EmailKey))
            {
                report.Superseded++;
            }
            batch[row.EmailKey] = row;
            if (batch.Count >= BatchSize)
            {
                await WriteBatchAsync(batch.Values.ToList(), actor, report, cancellationToken);
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            await WriteBatchAsync(batch.Values.ToList(), actor, report, cancellationToken);
        }
        var mapped = columns.OrderBy(c => c.Value).ToDictionary(c => c.Key, c => header[c.Value]);
        logger.LogInformation("Imported {Rows} rows: {Created} created, {Updated} updated, {Unchanged} unchanged, {Failed} failed in {Seconds:0.0} s",
            report.Rows, report.Created, report.Updated, report.Unchanged, report.Failed, started.Elapsed.TotalSeconds);
        return (new ImportReport(report.Rows, report.Created, report.Updated, report.Unchanged, report.Failed, report.Superseded,
            report.Errors, report.ErrorsTruncated, mapped, ignored, Math.Round(started.Elapsed.TotalSeconds, 3)), errors);
    }

    /// <summary>A row as a <see cref="LeadRequest"/>, checked with the rules of the leads API: the request's own and the tenant's.</summary>
    private async Task<Row?> ParseRowAsync(int number, string[] record, Dictionary<string, int> columns, HashSet<string> sources, Counts report,
        CancellationToken cancellationToken)
    {
        string? Value(string field) => columns.TryGetValue(field, out var index) ? Unguard(record[index].Trim()) is { Length: > 0 } v ? v : null : null;
        var errors = new FieldErrors();
        int? size = null;
        if (Value("companySize") is { } sizeText)
        {
            if (int.TryParse(sizeText.Replace(",", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                size = parsed;
            }
            else
            {
                errors.Add("companySize", "companySize must be a whole number of employees.");
            }
        }
        var request = new LeadRequest(Value("name"), Value("email"), Value("phone"), Value("company"), Value("jobTitle"), Value("industry"), size,
            Value("source")?.ToLowerInvariant(), Value("status")?.ToLowerInvariant(), null,
            Value("tags")?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList<string?>());
        errors.Add(await validator.ValidateAsync(request, cancellationToken));
        errors.Add(LeadEditor.CheckTenantRules(request, currentStatus: null, sources));
        if (errors.Any)
        {
            foreach (var (field, messages) in errors.ToDictionary())
            {
                report.Fail(number, field, string.Join(" ", messages));
            }
            return null;
        }
        return new Row(number, request, LeadKeys.EmailKey(request.Email!));
    }

    private async Task WriteBatchAsync(List<Row> rows, Actor actor, Counts report, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var counts = await TryWriteBatchAsync(rows, actor, cancellationToken);
                report.Created += counts.Created;
                report.Updated += counts.Updated;
                report.Unchanged += counts.Unchanged;
                return;
            }
            catch (DbUpdateException ex) when (attempt == 1 && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Someone created one of these emails between our read and our write: read again and update it instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<(int Created, int Updated, int Unchanged)> TryWriteBatchAsync(List<Row> rows, Actor actor, CancellationToken cancellationToken)
    {
        var settings = await settingsStore.GetAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var keys = rows.Select(r => r.EmailKey).ToArray();
        int created = 0, updated = 0, unchanged = 0;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = (await db.Leads.FromSql($"SELECT *, xmin FROM leads WHERE email_key = ANY({keys}) FOR UPDATE").ToListAsync(cancellationToken))
            .ToDictionary(l => l.EmailKey);
        foreach (var row in rows)
        {
            var request = row.Request;
            if (existing.TryGetValue(row.EmailKey, out var lead))
            {
                var before = LeadSnapshot.Of(lead);
                // A cell left empty keeps what the lead has; a filled one replaces it.
                lead.Name = request.Name!.Trim();
                lead.Email = request.Email!.Trim();
                lead.Phone = request.Phone ?? lead.Phone;
                lead.Company = request.Company ?? lead.Company;
                lead.JobTitle = request.JobTitle ?? lead.JobTitle;
                lead.Industry = request.Industry ?? lead.Industry;
                lead.CompanySize = request.CompanySize ?? lead.CompanySize;
                lead.Source = request.Source ?? lead.Source;
                lead.Status = lead.Status == LeadStatuses.Converted ? lead.Status : request.Status ?? lead.Status;
                lead.Tags = request.Tags is { Count: > 0 } tags ? tags.OfType<string>().Select(t => t.ToLowerInvariant()).Union(lead.Tags).Distinct().Take(20).ToList() : lead.Tags;
                var changes = ChangeTrail.Diff(before, LeadSnapshot.Of(lead));
                if (changes.Count == 0)
                {
                    unchanged++;
                    continue;
                }
                lead.RefreshKeys();
                lead.UpdatedAt = now;
                var fit = LeadScoring.FitFactors(LeadScorer.ProfileOf(lead), settings);
                var engagement = LeadScoring.Unscale(lead.ScoreFactors, LeadScoring.EngagementGroup, settings);
                await scorer.ApplyAsync(lead, LeadScoring.Combine(fit, engagement, settings), settings, raiseQualification: true, cancellationToken);
                ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "imported", actor, changes, $"Updated by import (row {row.Number}): {string.Join(", ", changes.Keys)}", now);
                updated++;
            }
            else
            {
                lead = new Lead
                {
                    Id = Guid.CreateVersion7(),
                    Name = request.Name!.Trim(),
                    Email = request.Email!.Trim(),
                    Phone = request.Phone,
                    Company = request.Company,
                    JobTitle = request.JobTitle,
                    Industry = request.Industry,
                    CompanySize = request.CompanySize,
                    Source = request.Source ?? DefaultSource,
                    Status = request.Status ?? LeadStatuses.New,
                    Tags = (request.Tags ?? []).OfType<string>().Select(t => t.ToLowerInvariant()).Distinct().Take(20).ToList(),
                    OwnerId = actor.Id,
                    OwnerName = actor.Id is null ? null : actor.Name,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                lead.RefreshKeys();
                var score = LeadScoring.Combine(LeadScoring.FitFactors(LeadScorer.ProfileOf(lead), settings), [], settings);
                await scorer.ApplyAsync(lead, score, settings, raiseQualification: true, cancellationToken);
                db.Leads.Add(lead);
                ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "imported", actor, LeadSnapshot.Of(lead), $"Created by import (row {row.Number})", now);
                existing[row.EmailKey] = lead;
                created++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return (created, updated, unchanged);
    }

    /// <summary>Exported cells that a spreadsheet would run as formulas get a leading apostrophe; importing removes it.</summary>
    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;

    private static string Normalize(string header) => new(header.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after the closing quote of a field",
        CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "a quoted field that is not closed on its line",
        _ => reason.ToString(),
    };

    private sealed class Counts
    {
        public int Rows;
        public int Created;
        public int Updated;
        public int Unchanged;
        public int Superseded;
        private readonly HashSet<int> _failedRows = [];

        public List<ImportRowError> Errors { get; } = [];

        public bool ErrorsTruncated { get; private set; }

        public int Failed => _failedRows.Count;

        public void Fail(int row, string field, string reason)
        {
            _failedRows.Add(row);
            if (Errors.Count < MaxReportedErrors)
            {
                Errors.Add(new ImportRowError(row, field, reason));
            }
            else
            {
                ErrorsTruncated = true;
            }
        }
    }
}
