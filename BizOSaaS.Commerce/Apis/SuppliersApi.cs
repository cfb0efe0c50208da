using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Commerce.Suppliers;
using BizOSaaS.Commerce.Validation;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>Suppliers with their documents and risk, and the feeds an approved supplier sends into sourcing.</summary>
public static class SuppliersApi
{
    public static IEndpointRouteBuilder MapSuppliersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/suppliers").WithTags("Suppliers").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).WithSummary("Your suppliers with their status and their risk as of now, every factor with its evidence.");
        api.MapGet("/{id:guid}", Get).WithSummary("One supplier with its documents and risk as of now.");
        api.MapPost("/", Create).ValidatedWithHandlerRules()
            .WithSummary("Adds a supplier and reviews it: low or medium risk is approved at once, high or unknown risk asks a person (supplier_validation).");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Changes a supplier's details or delivery record and reviews it again.");
        api.MapPost("/{id:guid}/documents", AddDocument).ValidatedWithHandlerRules().WithSummary("Adds a registration, tax id or certification and reviews the supplier again.");
        api.MapDelete("/{id:guid}/documents/{documentId:guid}", RemoveDocument).WithSummary("Removes a document and reviews the supplier again.");
        api.MapPost("/{id:guid}/feed", ImportJson).ValidatedWithHandlerRules()
            .WithSummary("Imports an approved supplier's feed as a JSON array of rows: each becomes a scored sourcing candidate. Any bad row refuses the whole feed.");
        api.MapPost("/{id:guid}/feed/csv", ImportCsv).Accepts<string>("text/csv").ProducesValidationProblem()
            .WithSummary("The same import from a CSV file (header row: sku, name, cost, suggested_price, shipping_cost, monthly_demand, competitors, description, category, currency, image_url).");
        api.MapPost("/{id:guid}/feed/url", ImportFromUrl).ValidatedWithHandlerRules()
            .WithSummary("Fetches an approved supplier's feed (CSV or JSON) from a public http(s) address and imports it like an upload.");
        api.MapPost("/{id:guid}/feed/marketplace/{connector}", ImportFromMarketplace).ProducesValidationProblem()
            .WithSummary("Imports an approved supplier's offers through an installed marketplace connector (with the tenant's own account); 404 when none of that name is installed.");
        return app;
    }

    private static async Task<Ok<List<SupplierResponse>>> List(CommerceDb db, SupplierReview review, TimeProvider clock, CancellationToken cancellationToken)
    {
        var suppliers = await db.Suppliers.AsNoTracking().Include(s => s.Documents).OrderBy(s => s.Name).Take(500).ToListAsync(cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var risks = await review.AssessAsync(suppliers, cancellationToken);
        return TypedResults.Ok(suppliers.Select(s => s.ToResponse(risks[s.Id], today)).ToList());
    }

    private static async Task<Results<Ok<SupplierResponse>, ProblemHttpResult>> Get(Guid id, CommerceDb db, SupplierReview review, TimeProvider clock, CancellationToken cancellationToken)
    {
        var supplier = await db.Suppliers.AsNoTracking().Include(s => s.Documents).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (supplier is null)
        {
            return RecordProblems.NotFound("supplier");
        }
        return TypedResults.Ok(supplier.ToResponse(await review.AssessAsync(supplier, cancellationToken), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)));
    }

    private static async Task<Results<Created<SupplierResponse>, ValidationProblem>> Create(
        SupplierRequest request, CommerceDb db, SupplierReview review, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await Check(request, validator, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var now = clock.GetUtcNow();
        var supplier = new Supplier { Id = Guid.CreateVersion7(), Name = "", Country = "", CreatedAt = now };
        Apply(supplier, request, now);
        db.Suppliers.Add(supplier);
        var risk = await review.ReviewAsync(supplier, cancellationToken);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("name", $"You already have a supplier named {supplier.Name}.").ToProblem();
        }
        return TypedResults.Created($"/api/suppliers/{supplier.Id}", supplier.ToResponse(risk, DateOnly.FromDateTime(now.UtcDateTime)));
    }

    private static async Task<Results<Ok<SupplierResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, SupplierRequest request, CommerceDb db, SupplierReview review, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await Check(request, validator, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        return await ChangeAsync(id, db, review, clock, supplier => Apply(supplier, request, clock.GetUtcNow()), cancellationToken) switch
        {
            (SupplierResponse changed, _) => TypedResults.Ok(changed),
            (_, var problem) => problem!,
        };
    }

    private static async Task<Results<Ok<SupplierResponse>, ValidationProblem, ProblemHttpResult>> AddDocument(
        Guid id, SupplierDocumentRequest request, CommerceDb db, SupplierReview review, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.IssuedOn is { } issued && request.ExpiresOn is { } expires && expires < issued)
        {
            errors.Add("expiresOn", "expiresOn must not be before issuedOn.");
        }
        if (request.Url.Trimmed() is { } url && !WebAddresses.IsHttp(url))
        {
            errors.Add("url", "url must be an absolute http or https address.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Added through its set, not the supplier's list: a new row with its key already set, found only through a
        // navigation, would be taken for an existing one.
        return await ChangeAsync(id, db, review, clock, supplier => db.SupplierDocuments.Add(new SupplierDocument
        {
            Id = Guid.CreateVersion7(),
            SupplierId = supplier.Id,
            Kind = request.Kind!.Trim().ToLowerInvariant(),
            Number = request.Number!.Trim(),
            Title = request.Title.Trimmed(),
            IssuedOn = request.IssuedOn,
            ExpiresOn = request.ExpiresOn,
            Url = request.Url.Trimmed(),
            CreatedAt = clock.GetUtcNow(),
        }), cancellationToken) switch
        {
            (SupplierResponse changed, _) => TypedResults.Ok(changed),
            (_, var problem) => problem!,
        };
    }

    private static async Task<Results<Ok<SupplierResponse>, ProblemHttpResult>> RemoveDocument(
        Guid id, Guid documentId, CommerceDb db, SupplierReview review, TimeProvider clock, CancellationToken cancellationToken)
    {
        var found = true;
        var (changed, problem) = await ChangeAsync(id, db, review, clock, supplier =>
        {
            var document = supplier.Documents.FirstOrDefault(d => d.Id == documentId);
            found = document is not null && supplier.Documents.Remove(document);
        }, cancellationToken);
        return changed is null ? problem! : found ? TypedResults.Ok(changed) : RecordProblems.NotFound("document");
    }

    private static async Task<Results<Ok<FeedImportResult>, ValidationProblem, ProblemHttpResult>> ImportJson(
        Guid id, List<FeedRow> rows, FeedImport import, CancellationToken cancellationToken) =>
        Answer(await import.ImportAsync(id, SupplierFeedReader.FromJson(rows), cancellationToken));

    private static async Task<Results<Ok<FeedImportResult>, ValidationProblem, ProblemHttpResult>> ImportCsv(
        Guid id, HttpRequest request, FeedImport import, CancellationToken cancellationToken)
    {
        if (request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) != true)
        {
            return FieldErrors.Of("body", "Send the feed as text/csv.").ToProblem();
        }
        var (feed, problem) = await SupplierFeedReader.ReadCsvAsync(request.Body, cancellationToken);
        return feed is null ? FieldErrors.Of("file", problem!).ToProblem() : Answer(await import.ImportAsync(id, feed, cancellationToken));
    }

    private static async Task<Results<Ok<FeedImportResult>, ValidationProblem, ProblemHttpResult>> ImportFromUrl(
        Guid id, SupplierFeedUrlRequest request, CommerceDb db, RequestValidator validator, SupplierFeedDownloads downloads, FeedImport import,
        CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.Url is { } url && !errors.Has("url") && !WebAddresses.IsHttp(url.Trim()))
        {
            errors.Add("url", "url must be an absolute http or https address.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        // Nothing is fetched for a supplier whose feed would be refused anyway.
        if (!FeedImport.CanFeed(await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken), out var refusal))
        {
            return CommerceProblems.For(refusal);
        }
        var (feed, problem) = await downloads.FetchAsync(new Uri(request.Url!.Trim()), request.Format, cancellationToken);
        return feed is null ? FieldErrors.Of("url", problem!).ToProblem() : Answer(await import.ImportAsync(id, feed, cancellationToken));
    }

    private static async Task<Results<Ok<FeedImportResult>, ValidationProblem, ProblemHttpResult>> ImportFromMarketplace(
        Guid id, string connector, IServiceProvider services, CommerceDb db, TenantContext tenant, FeedImport import, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IMarketplaceConnector>(connector.ToLowerInvariant()) is not { } marketplace)
        {
            return RecordProblems.NotFound($"Marketplace connector {connector}");
        }
        var supplier = await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (!FeedImport.CanFeed(supplier, out var refusal))
        {
            return CommerceProblems.For(refusal);
        }
        var (rows, problem) = await marketplace.FetchAsync(tenant.RequiredTenantId, supplier, cancellationToken);
        return rows is null ? FieldErrors.Of("connector", problem!).ToProblem() : Answer(await import.ImportAsync(id, SupplierFeedReader.FromJson(rows), cancellationToken));
    }

    private static Results<Ok<FeedImportResult>, ValidationProblem, ProblemHttpResult> Answer((FeedImportResult? Result, StoreOutcome Outcome) import) =>
        import switch
        {
            ({ } result, _) => TypedResults.Ok(result),
            (_, StoreOutcome.Invalid invalid) => invalid.Errors.ToProblem(),
            (_, var outcome) => CommerceProblems.For(outcome),
        };

    /// <summary>Changes a supplier under its row lock, then reviews it and saves: the response carries the new assessment.</summary>
    private static async Task<(SupplierResponse? Changed, ProblemHttpResult? Problem)> ChangeAsync(
        Guid id, CommerceDb db, SupplierReview review, TimeProvider clock, Action<Supplier> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var supplier = await db.Suppliers.FromSql($"SELECT * FROM suppliers WHERE id = {id} FOR UPDATE").Include(s => s.Documents).SingleOrDefaultAsync(cancellationToken);
        if (supplier is null)
        {
            return (null, RecordProblems.NotFound("supplier"));
        }
        change(supplier);
        var now = clock.GetUtcNow();
        supplier.UpdatedAt = now;
        var risk = await review.ReviewAsync(supplier, cancellationToken);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return (null, RecordProblems.Conflict("Name taken", $"You already have a supplier named {supplier.Name}."));
        }
        await transaction.CommitAsync(cancellationToken);
        return (supplier.ToResponse(risk, DateOnly.FromDateTime(now.UtcDateTime)), null);
    }

    private static async Task<FieldErrors> Check(SupplierRequest request, RequestValidator validator, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.DefectiveOrders > (request.OrdersDelivered ?? 0))
        {
            errors.Add("defectiveOrders", "defectiveOrders cannot exceed ordersDelivered.");
        }
        if (request.LateShipments > (request.OrdersDelivered ?? 0))
        {
            errors.Add("lateShipments", "lateShipments cannot exceed ordersDelivered.");
        }
        if (request.Website.Trimmed() is { } website && !WebAddresses.IsHttp(website))
        {
            errors.Add("website", "website must be an absolute http or https address.");
        }
        return errors;
    }

    private static void Apply(Supplier supplier, SupplierRequest request, DateTimeOffset now)
    {
        supplier.Name = request.Name!.Trim();
        supplier.Country = request.Country!.Trim().ToUpperInvariant();
        supplier.Email = request.Email.Trimmed();
        supplier.Website = request.Website.Trimmed();
        supplier.OrdersDelivered = request.OrdersDelivered;
        supplier.DefectiveOrders = request.DefectiveOrders;
        supplier.LateShipments = request.LateShipments;
        supplier.UpdatedAt = now;
    }
}
