using System.Text;
using BizOSaaS.Hub.Data;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// Delivers the outbox: each callback is POSTed to <c>http://{origin}{callbackPath}</c> (service discovery)
/// with a service token for the request's tenant, until the origin answers 2xx. A failed attempt waits 1 s,
/// 2 s, 4 s … up to <see cref="ApprovalOptions.CallbackBackoffCap"/> and is tried again, forever: an outcome
/// is never dropped. Delivery is at least once (a hub that dies mid-attempt sends again), so receivers treat a
/// repeated request id as a no-op. An attempt takes a lease on its row first, so replicas never send the same
/// callback at the same time.
/// </summary>
public sealed class ApprovalCallbackDelivery(IServiceProvider services, TenantContext tenants, IHttpClientFactory clients, TimeProvider clock,
    IOptions<ApprovalOptions> options, ILogger<ApprovalCallbackDelivery> logger)
    : TenantScanWorker(services, tenants, logger)
{
    public const string ClientName = "approval-callbacks";

    protected override TimeSpan Interval => options.Value.DeliveryInterval;

    protected override async Task ScanTenantAsync(IServiceProvider scoped, Guid tenantId, CancellationToken cancellationToken)
    {
        var db = scoped.GetRequiredService<HubDb>();
        var now = clock.GetUtcNow();
        var due = await db.ApprovalCallbacks.AsNoTracking()
            .Where(c => c.DeliveredAt == null && c.NextAttemptAt <= now)
            .OrderBy(c => c.NextAttemptAt).Select(c => c.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        foreach (var id in due)
        {
            await AttemptAsync(db, id, cancellationToken);
        }
    }

    private async Task AttemptAsync(HubDb db, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var callback = await db.ApprovalCallbacks.FirstOrDefaultAsync(c => c.Id == id && c.DeliveredAt == null && c.NextAttemptAt <= now, cancellationToken);
        if (callback is null)
        {
            return;
        }
        // The lease: long enough for the attempt; if this process dies meanwhile, the callback is due again when it ends.
        callback.NextAttemptAt = now + options.Value.CallbackTimeout * 3;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replica took it.
            db.ChangeTracker.Clear();
            return;
        }

        var (statusCode, error) = await SendAsync(callback, cancellationToken);
        var finished = clock.GetUtcNow();
        callback.Attempts++;
        callback.LastAttemptAt = finished;
        callback.LastStatusCode = statusCode;
        callback.LastError = error;
        if (error is null)
        {
            callback.DeliveredAt = finished;
        }
        else
        {
            callback.NextAttemptAt = finished + ApprovalRules.CallbackBackoff(callback.Attempts, options.Value.CallbackBackoffCap);
            logger.LogInformation("Callback {CallbackId} of request {RequestId} to {Origin} failed (attempt {Attempts}): {Error}; next at {NextAttemptAt:u}.",
                callback.Id, callback.RequestId, callback.OriginService, callback.Attempts, error, callback.NextAttemptAt);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The lease ran out and another replica made its own attempt; its record stands.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>One attempt: the status code, and an error unless the origin answered 2xx.</summary>
    private async Task<(int? StatusCode, string? Error)> SendAsync(ApprovalCallback callback, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CallbackTimeout);
        try
        {
            using var http = clients.CreateClient(ClientName);
            using var content = new StringContent(callback.Body, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri($"http://{callback.OriginService}{callback.CallbackPath}"), content, timeout.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (code, null) : (code, $"{code} {response.ReasonPhrase}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within {options.Value.CallbackTimeout.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Unreachable origin, no replica known, or no service token: all retried the same way.
            var message = ex.Message.Length > 900 ? ex.Message[..900] : ex.Message;
            return (null, $"{ex.GetType().Name}: {message}");
        }
    }
}
