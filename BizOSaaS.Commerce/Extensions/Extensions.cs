using BizOSaaS.Commerce.Apis;
using BizOSaaS.Commerce.Approvals;
using BizOSaaS.Commerce.Catalog;
using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Demo;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Payments;
using BizOSaaS.Commerce.Sourcing;
using BizOSaaS.Commerce.Suppliers;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Data.Approvals;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.OpenApi;
using Microsoft.Extensions.Options;

namespace BizOSaaS.Commerce.Extensions;

public static class Extensions
{
    /// <summary>The commerce service (the tenant's store: catalog, stock, checkout, orders, payments): its database, the
    /// shared cache, the hub's tokens, the payment providers, the approval outbox and supplier reviews, its OpenAPI document, Development demo data.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddPlatformSecurity();
        builder.Services.AddValidation();
        builder.AddValidationProblems();
        builder.AddTenantDbContext<CommerceDb>("commercedb");
        builder.AddPlatformRedisClient("cache");
        builder.AddReplicaDirectory();
        builder.AddPlatformCaching();
        builder.AddPlatformAuthentication();
        builder.AddPlatformRateLimiting();
        builder.AddPlatformOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);

        builder.Services.AddScoped<ProductRules>();
        builder.Services.AddScoped<CheckoutCompletion>();
        builder.Services.AddScoped<OrderWorkflow>();
        builder.Services.AddScoped<OrderPayments>();
        builder.Services.AddSingleton<IPaymentProvider, TestPaymentProvider>();
        builder.Services.AddSingleton<IPaymentProvider>(new ManualPaymentProvider(PaymentMethods.BankTransfer));
        builder.Services.AddSingleton<IPaymentProvider>(new ManualPaymentProvider(PaymentMethods.CashOnDelivery));
        builder.Services.AddScoped<ApprovalOutbox>();
        builder.Services.AddScoped<SupplierReview>();
        builder.Services.AddScoped<FeedImport>();
        builder.Services.AddScoped<SourcingApproval>();
        builder.Services.Configure<SupplierFeedOptions>(builder.Configuration.GetSection("Commerce:SupplierFeeds"));
        // Feeds come from addresses tenants give: no retries of a refused address, every connection checked (ADR 30).
#pragma warning disable EXTEXP0001 // An evaluation API; the standard handler's retries and 10 s attempts do not suit a tenant's feed address.
        builder.Services.AddHttpClient<SupplierFeedDownloads>(SupplierFeedDownloads.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var options = services.GetRequiredService<IOptions<SupplierFeedOptions>>().Value;
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = 3,
                    ConnectCallback = (context, cancellationToken) => SupplierFeedDownloads.ConnectAsync(context, options, cancellationToken),
                };
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.AddServiceTokens();
        builder.Services.AddHttpClient<ApprovalQueueClient>(client => client.BaseAddress = ApprovalQueueClient.HubAddress).AddServiceToken();
        builder.Services.Configure<ApprovalOutboxOptions>(builder.Configuration.GetSection("Commerce:ApprovalOutbox"));
        builder.Services.Configure<SupplierReviewOptions>(builder.Configuration.GetSection("Commerce:SupplierReviews"));
        builder.Services.AddHostedService<ApprovalRequestDelivery>();
        builder.Services.AddHostedService<SupplierReviews>();
        builder.Services.AddHostedService<StoreDemoData>();
    }

    /// <summary>Every endpoint of the store, under /api.</summary>
    public static IEndpointRouteBuilder MapCommerceApi(this IEndpointRouteBuilder app)
    {
        app.MapStoreApi();
        app.MapCategoriesApi();
        app.MapProductTypesApi();
        app.MapProductsApi();
        app.MapInventoryApi();
        app.MapShippingAndVouchersApi();
        app.MapCheckoutsApi();
        app.MapOrdersApi();
        app.MapStorefrontApi();
        app.MapSuppliersApi();
        app.MapSourcingApi();
        app.MapApprovalCallbacksApi();
        return app;
    }
}
