using System.Globalization;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Import;

/// <summary>Streams the leads of a filter as CSV, row by row from one query, in the columns the importer reads
/// back (so an export re-imported changes nothing).</summary>
public static class LeadCsvExport
{
    public static readonly string[] Header =
        ["name", "email", "phone", "company", "job_title", "industry", "company_size", "source", "status", "tags", "rating", "score", "owner", "created_at", "id"];

    public static async Task WriteAsync(Stream output, LeadQuery query, CrmDb db, CancellationToken cancellationToken)
    {
        // Cells a spreadsheet would run as formulas (=, +, -, @) get a leading apostrophe, as OWASP advises; the importer removes it.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(Header);
        await foreach (var lead in query.Ordered(db.Leads.AsNoTracking()).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(lead.Name);
            csv.WriteField(lead.Email);
            csv.WriteField(lead.Phone);
            csv.WriteField(lead.Company);
            csv.WriteField(lead.JobTitle);
            csv.WriteField(lead.Industry);
            csv.WriteField(lead.CompanySize?.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(lead.Source);
            csv.WriteField(lead.Status);
            csv.WriteField(string.Join(';', lead.Tags));
            csv.WriteField(lead.Rating);
            csv.WriteField(lead.Score.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(lead.OwnerName);
            csv.WriteField(lead.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(lead.Id.ToString());
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }
}
