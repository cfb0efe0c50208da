using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using static BizOSaaS.FunctionalTests.Integration.ApprovalsTestClient;

namespace BizOSaaS.FunctionalTests.Integration;

/// <summary>Creating requests: idempotency keys (header or body, one request however often or concurrently it is
/// sent), and bad input answered with problem details while nothing is stored.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ApprovalsCreateTests(PlatformFixture platform)
{
    private readonly ApprovalsTestClient _approvals = new(platform);

    [Fact]
    public async Task The_same_key_twice_is_one_request_201_then_200_by_header_or_by_body()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        var key = $"lead-qualification:{Guid.NewGuid()}";
        var body = new { type = "lead_qualification", priority = "urgent", title = "Qualify Ada Lovelace", payload = new { leadId = 42, score = 91 } };

        using var first = await PostWithKeyAsync(service, body, key);
        using var second = await PostWithKeyAsync(service, body, key);
        using var asField = await service.PostAsJsonAsync($"{Hitl}/requests", new
        {
            body.type,
            body.priority,
            body.title,
            body.payload,
            idempotencyKey = key,
        });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asField.StatusCode);
        var created = (await first.Content.ReadFromJsonAsync<ApprovalResponse>())!;
        Assert.Equal(created.Id, (await second.Content.ReadFromJsonAsync<ApprovalResponse>())!.Id);
        Assert.Equal(created.Id, (await asField.Content.ReadFromJsonAsync<ApprovalResponse>())!.Id);
        Assert.Equal(key, created.IdempotencyKey);
        Assert.Equal(1, await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_requests WHERE idempotency_key = $1", key));
        Assert.Equal(1, await _approvals.CountAsync(PlatformTokens.CorelDove,
            "SELECT count(*) FROM approval_events WHERE request_id = $1 AND kind = 'created'", created.Id));

        // The same key in another tenant is another tenant's request.
        using var other = await _approvals.ServiceAsync(PlatformTokens.Bizoholic);
        using var elsewhere = await PostWithKeyAsync(other, body, key);
        Assert.Equal(HttpStatusCode.Created, elsewhere.StatusCode);
        Assert.NotEqual(created.Id, (await elsewhere.Content.ReadFromJsonAsync<ApprovalResponse>())!.Id);
    }

    [Fact]
    public async Task The_same_key_with_a_different_request_is_409_and_changes_nothing()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        var key = Marker();
        using var first = await PostWithKeyAsync(service, new { type = "product_sourcing", title = "Source mugs", payload = new { units = 100 } }, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var different = await PostWithKeyAsync(service, new { type = "product_sourcing", title = "Source mugs", payload = new { units = 1000 } }, key);
        Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        Assert.Equal("application/problem+json", different.Content.Headers.ContentType?.MediaType);

        using var both = await service.PostAsync($"{Hitl}/requests", Json(new { type = "product_sourcing", title = "Source mugs", idempotencyKey = "other" }, key));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);

        var stored = await DetailAsync(service, (await first.Content.ReadFromJsonAsync<ApprovalResponse>())!.Id);
        // The payload is the requester's own JSON: no record describes it.
        Assert.Equal(100, stored.Request.Payload.GetProperty("units").GetInt32());
    }

    [Fact]
    public async Task Many_creates_with_one_key_at_once_make_exactly_one_request()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.ThrillRing);
        var key = Marker();
        var body = new { type = "content_generation", title = "Tournament recap post", payload = new { words = 600 } };

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostWithKeyAsync(service, body, key)));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
            var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<ApprovalResponse>())!.Id));
            Assert.Single(ids.Distinct());
            Assert.Equal(1, await _approvals.CountAsync(PlatformTokens.ThrillRing, "SELECT count(*) FROM approval_requests WHERE idempotency_key = $1", key));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "type", """{"type":"teleportation","title":"Beam me up"}""" },
        { "type", """{"title":"No type"}""" },
        { "title", """{"type":"product_sourcing"}""" },
        { "title", $$"""{"type":"product_sourcing","title":"{{new string('x', 201)}}"}""" },
        { "priority", """{"type":"product_sourcing","title":"x","priority":"asap"}""" },
        { "payload", """{"type":"product_sourcing","title":"x","payload":[1,2,3]}""" },
        { "originService", """{"type":"product_sourcing","title":"x","originService":"evil.example","callbackPath":"/hook"}""" },
        { "callbackPath", """{"type":"product_sourcing","title":"x","originService":"crm","callbackPath":"//evil.example/hook"}""" },
        { "callbackPath", """{"type":"product_sourcing","title":"x","originService":"crm"}""" },
        { "candidateRoles", """{"type":"product_sourcing","title":"x","candidateRoles":["owner"]}""" },
        { "dueAt", """{"type":"product_sourcing","title":"x","dueAt":"2020-01-01T00:00:00Z"}""" },
        { "expiresAt", $$"""{"type":"product_sourcing","title":"x","dueAt":"{{DateTimeOffset.UtcNow.AddDays(2):O}}","expiresAt":"{{DateTimeOffset.UtcNow.AddDays(1):O}}"}""" },
        { "assigneeUserId", $$"""{"type":"product_sourcing","title":"x","assigneeUserId":"{{Guid.NewGuid()}}"}""" },
        { "idempotencyKey", """{"type":"product_sourcing","title":"x","idempotencyKey":"has spaces"}""" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_400_with_the_fields_error_and_nothing_is_stored(string field, string json)
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        var marker = Marker();
        var body = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        body["summary"] = JsonSerializer.SerializeToElement(marker);

        using var response = await service.PostAsJsonAsync($"{Hitl}/requests", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors;
        Assert.True(errors.ContainsKey(field), $"no error for {field}: {string.Join(", ", errors.Keys)}");
        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_requests WHERE summary = $1", marker));
    }

    [Fact]
    public async Task A_person_cannot_pose_as_an_agent_or_for_someone_else()
    {
        using var person = await _approvals.PersonAsync("member@coreldove.dev");
        var marker = Marker();
        using var agent = await person.PostAsJsonAsync($"{Hitl}/requests", new { type = "product_sourcing", title = "x", summary = marker, requestedByAgent = "sourcing-agent" });
        using var onBehalf = await person.PostAsJsonAsync($"{Hitl}/requests",
            new { type = "product_sourcing", title = "x", summary = marker, requestedByUserId = await _approvals.UserIdAsync("admin@coreldove.dev") });

        Assert.Equal(HttpStatusCode.BadRequest, agent.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, onBehalf.StatusCode);
        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_requests WHERE summary = $1", marker));
    }

    [Fact]
    public async Task An_oversized_payload_is_413_problem_details_and_nothing_is_stored()
    {
        using var service = await _approvals.ServiceAsync(PlatformTokens.CorelDove);
        using var admin = await _approvals.PersonAsync("admin@coreldove.dev");
        var marker = Marker();

        using var tooLarge = await service.PostAsJsonAsync($"{Hitl}/requests",
            new { type = "content_generation", title = "A long article", summary = marker, payload = new { body = new string('a', 70 * 1024) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("application/problem+json", tooLarge.Content.Headers.ContentType?.MediaType);
        Assert.True((await tooLarge.Content.ReadFromJsonAsync<HttpValidationProblemDetails>())!.Errors.ContainsKey("payload"));

        // A body far past the endpoint's limit is refused before it is read.
        using var huge = await service.PostAsJsonAsync($"{Hitl}/requests",
            new { type = "content_generation", title = "A book", summary = marker, payload = new { body = new string('a', 1024 * 1024) } });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal("application/problem+json", huge.Content.Headers.ContentType?.MediaType);

        using var malformed = await service.PostAsync($"{Hitl}/requests", new StringContent("""{"type":"product_sourcing","title":""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        Assert.Equal(0, await _approvals.CountAsync(PlatformTokens.CorelDove, "SELECT count(*) FROM approval_requests WHERE summary = $1", marker));

        // Just under the limit is accepted.
        var fits = await CreateAsync(service, new { type = "content_generation", title = "A short article", summary = marker, payload = new { body = new string('a', 60 * 1024) } });
        Assert.Equal(60 * 1024, fits.Payload.GetProperty("body").GetString()!.Length);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(admin, "reject", fits.Id)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(admin, "request-changes", fits.Id, "   ")).Status);
        Assert.Equal("pending", (await DetailAsync(admin, fits.Id)).Request.Status);
    }

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, object body, string key) =>
        client.PostAsync($"{Hitl}/requests", Json(body, key));

    private static StringContent Json(object body, string key)
    {
        var content = new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
        content.Headers.Add("Idempotency-Key", key);
        return content;
    }
}
