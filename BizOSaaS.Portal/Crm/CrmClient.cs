using System.Net.Http.Headers;
using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Crm;

/// <summary>The crm as the signed-in person, through the hub's gateway (<c>/api/brain/crm/...</c>).</summary>
public sealed class CrmClient(PlatformApiClient hub)
{
    public const string Base = "/api/brain/crm";

    public Task<ApiResult<LeadPageResult>> ListLeadsAsync(LeadListFilter filter, string? cursor, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<LeadPageResult>($"{Base}/leads?{filter.ToQuery()}&limit={limit}&withTotal=true" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), cancellationToken);

    public Task<ApiResult<LeadStatsResult>> StatsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<LeadStatsResult>($"{Base}/leads/stats", cancellationToken);

    public Task<ApiResult<LeadItem>> GetLeadAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<LeadItem>($"{Base}/leads/{id}", cancellationToken);

    public Task<ApiResult<LeadItem>> CreateLeadAsync(LeadForm form, CancellationToken cancellationToken) =>
        hub.SendAsync<LeadItem>(HttpMethod.Post, $"{Base}/leads", Cleaned(form), cancellationToken);

    public Task<ApiResult<LeadItem>> UpdateLeadAsync(Guid id, LeadForm form, CancellationToken cancellationToken) =>
        hub.SendAsync<LeadItem>(HttpMethod.Put, $"{Base}/leads/{id}", Cleaned(form), cancellationToken);

    public Task<ApiResult<Unit>> DeleteLeadAsync(Guid id, CancellationToken cancellationToken) =>
        hub.SendAsync<Unit>(HttpMethod.Delete, $"{Base}/leads/{id}", null, cancellationToken);

    public Task<ApiResult<List<RecordChangeItem>>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<List<RecordChangeItem>>($"{Base}/leads/{id}/history", cancellationToken);

    public Task<ApiResult<List<ActivityItem>>> ActivitiesAsync(Guid? leadId, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<List<ActivityItem>>($"{Base}/activities?limit={limit}" + (leadId is null ? "" : $"&leadId={leadId}"), cancellationToken);

    public Task<ApiResult<ActivityItem>> LogActivityAsync(Guid leadId, string kind, string subject, string? body, CancellationToken cancellationToken) =>
        hub.SendAsync<ActivityItem>(HttpMethod.Post, $"{Base}/activities", new { kind, subject, body, leadId }, cancellationToken);

    public Task<ApiResult<ConversionResult>> ConvertAsync(Guid id, bool createDeal, string? dealName, decimal? amount, string? currency, CancellationToken cancellationToken) =>
        hub.SendAsync<ConversionResult>(HttpMethod.Post, $"{Base}/leads/{id}/convert", new { createDeal, dealName, amount, currency }, cancellationToken);

    public Task<ApiResult<List<DuplicateGroupItem>>> DuplicatesOfAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<List<DuplicateGroupItem>>($"{Base}/leads/{id}/duplicates", cancellationToken);

    public Task<ApiResult<LeadItem>> MergeAsync(Guid id, Guid duplicateId, CancellationToken cancellationToken) =>
        hub.SendAsync<LeadItem>(HttpMethod.Post, $"{Base}/leads/{id}/merge", new { duplicateId }, cancellationToken);

    public Task<ApiResult<List<LeadSourceItem>>> SourcesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<LeadSourceItem>>($"{Base}/lead-sources", cancellationToken);

    public Task<ApiResult<List<PersonItem>>> PeopleAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<PersonItem>>("/api/brain/tenant/people", cancellationToken);

    public Task<ApiResult<List<DealItem>>> DealsOfLeadAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<List<DealItem>>($"{Base}/deals?leadId={id}", cancellationToken);

    /// <summary>Sends the file as it is read (the crm streams it too); <paramref name="mapping"/> is field → column.</summary>
    public Task<ApiResult<ImportReportResult>> ImportAsync(Stream csv, IReadOnlyDictionary<string, string> mapping, CancellationToken cancellationToken)
    {
        var content = new StreamContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var query = string.Join('&', mapping.Where(m => !string.IsNullOrWhiteSpace(m.Value)).Select(m => $"map={Uri.EscapeDataString($"{m.Key}:{m.Value.Trim()}")}"));
        return hub.SendAsync<ImportReportResult>(HttpMethod.Post, $"{Base}/leads/import" + (query.Length > 0 ? "?" + query : ""), content, cancellationToken);
    }

    private static LeadForm Cleaned(LeadForm form) => form with { Tags = form.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).ToList() };
}
