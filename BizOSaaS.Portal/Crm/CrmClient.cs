using System.Net.Http.Headers;
using BizOSaaS.Ui.PlatformApi;

namespace BizOSaaS.Portal.Crm;

/// <summary>The crm as the signed-in person, through the hub's gateway (<c>/api/brain/crm/...</c>).</summary>
public sealed class CrmClient(PlatformApiClient hub)
{
    public const string Base = "/api/brain/crm";

    public Task<ApiResult<LeadPage>> ListLeadsAsync(LeadListFilter filter, string? cursor, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<LeadPage>($"{Base}/leads?{filter.ToQuery()}&limit={limit}&withTotal=true" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"), cancellationToken);

    public Task<ApiResult<LeadStats>> StatsAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<LeadStats>($"{Base}/leads/stats", cancellationToken);

    public Task<ApiResult<LeadResponse>> GetLeadAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<LeadResponse>($"{Base}/leads/{id}", cancellationToken);

    public Task<ApiResult<LeadResponse>> CreateLeadAsync(LeadForm form, CancellationToken cancellationToken) =>
        hub.SendAsync<LeadResponse>(HttpMethod.Post, $"{Base}/leads", Cleaned(form), cancellationToken);

    public Task<ApiResult<LeadResponse>> UpdateLeadAsync(Guid id, LeadForm form, CancellationToken cancellationToken) =>
        hub.SendAsync<LeadResponse>(HttpMethod.Put, $"{Base}/leads/{id}", Cleaned(form), cancellationToken);

    public Task<ApiResult<Unit>> DeleteLeadAsync(Guid id, CancellationToken cancellationToken) =>
        hub.SendAsync<Unit>(HttpMethod.Delete, $"{Base}/leads/{id}", null, cancellationToken);

    public Task<ApiResult<List<RecordChangeResponse>>> HistoryAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<List<RecordChangeResponse>>($"{Base}/leads/{id}/history", cancellationToken);

    public Task<ApiResult<List<ActivityResponse>>> ActivitiesAsync(Guid? leadId, int limit, CancellationToken cancellationToken) =>
        hub.GetAsync<List<ActivityResponse>>($"{Base}/activities?limit={limit}" + (leadId is null ? "" : $"&leadId={leadId}"), cancellationToken);

    public Task<ApiResult<ActivityResponse>> LogActivityAsync(Guid leadId, string kind, string subject, string? body, CancellationToken cancellationToken) =>
        hub.SendAsync<ActivityResponse>(HttpMethod.Post, $"{Base}/activities", new ActivityRequest(kind, subject, body, LeadId: leadId), cancellationToken);

    public Task<ApiResult<ConversionResponse>> ConvertAsync(Guid id, bool createDeal, string? dealName, decimal? amount, string? currency, CancellationToken cancellationToken) =>
        hub.SendAsync<ConversionResponse>(HttpMethod.Post, $"{Base}/leads/{id}/convert", new ConvertLeadRequest(CreateDeal: createDeal, DealName: dealName, Amount: amount, Currency: currency), cancellationToken);

    public Task<ApiResult<List<DuplicateGroup>>> DuplicatesOfAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<List<DuplicateGroup>>($"{Base}/leads/{id}/duplicates", cancellationToken);

    public Task<ApiResult<LeadResponse>> MergeAsync(Guid id, Guid duplicateId, CancellationToken cancellationToken) =>
        hub.SendAsync<LeadResponse>(HttpMethod.Post, $"{Base}/leads/{id}/merge", new MergeLeadsRequest(duplicateId), cancellationToken);

    public Task<ApiResult<List<LeadSourceResponse>>> SourcesAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<LeadSourceResponse>>($"{Base}/lead-sources", cancellationToken);

    public Task<ApiResult<List<PersonResponse>>> PeopleAsync(CancellationToken cancellationToken) =>
        hub.GetAsync<List<PersonResponse>>("/api/brain/tenant/people", cancellationToken);

    public Task<ApiResult<List<DealResponse>>> DealsOfLeadAsync(Guid id, CancellationToken cancellationToken) =>
        hub.GetAsync<List<DealResponse>>($"{Base}/deals?leadId={id}", cancellationToken);

    /// <summary>Sends the file as it is read (the crm streams it too); <paramref name="mapping"/> is field → column.</summary>
    public Task<ApiResult<ImportReport>> ImportAsync(Stream csv, IReadOnlyDictionary<string, string> mapping, CancellationToken cancellationToken)
    {
        var content = new StreamContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var query = string.Join('&', mapping.Where(m => !string.IsNullOrWhiteSpace(m.Value)).Select(m => $"map={Uri.EscapeDataString($"{m.Key}:{m.Value.Trim()}")}"));
        return hub.SendAsync<ImportReport>(HttpMethod.Post, $"{Base}/leads/import" + (query.Length > 0 ? "?" + query : ""), content, cancellationToken);
    }

    private static LeadRequest Cleaned(LeadForm form) => form.ToRequest() with { Tags = form.Tags.Where(t => !string.IsNullOrWhiteSpace(t)).ToList() };
}
