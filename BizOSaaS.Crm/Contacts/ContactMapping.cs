namespace BizOSaaS.Crm.Contacts;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class ContactMapping
{
    extension(ContactResponse)
    {
        public static ContactResponse From(Contact c) => new(c.Id, c.Name, c.Email, c.Phone, c.JobTitle, c.CompanyId, c.OwnerId, c.OwnerName, c.LeadId, c.IsDemo, c.CreatedAt, c.UpdatedAt);
    }
}
