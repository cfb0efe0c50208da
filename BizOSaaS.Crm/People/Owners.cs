using System.Security.Claims;
using BizOSaaS.Crm.History;
using BizOSaaS.Platform.Identity;

namespace BizOSaaS.Crm.People;

/// <summary>Who owns a lead, contact or deal: a member of the tenant. A new record belongs to whoever entered it
/// unless they name someone else; an edit without an owner leaves the record without one.</summary>
public static class Owners
{
    public static async Task AssignAsync(Guid? requested, bool isNew, ClaimsPrincipal user, TenantPeople people, FieldErrors errors,
        Action<Guid?, string?> set, Guid? current, CancellationToken cancellationToken)
    {
        if (requested is null)
        {
            if (isNew && user.UserId() is { } self)
            {
                set(self, Actor.NameOf(user));
            }
            else if (!isNew)
            {
                set(null, null);
            }
            return;
        }
        if (requested == current)
        {
            return;
        }
        if (requested == user.UserId())
        {
            set(requested, Actor.NameOf(user));
            return;
        }
        try
        {
            if (await people.FindAsync(requested.Value, cancellationToken) is { } person)
            {
                set(person.UserId, person.DisplayName);
            }
            else
            {
                errors.Add("ownerId", "ownerId must be a member of your tenant.");
            }
        }
        catch (HttpRequestException)
        {
            errors.Add("ownerId", "The owner could not be checked right now (the hub did not answer). Try again shortly.");
        }
    }
}
