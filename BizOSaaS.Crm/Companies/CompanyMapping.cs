namespace BizOSaaS.Crm.Companies;

/// <summary>The crm's contracts (BizOSaaS.Crm.Contracts) made from its entities.</summary>
public static class CompanyMapping
{
    extension(CompanyResponse)
    {
        public static CompanyResponse From(Company c) => new(c.Id, c.Name, c.Domain, c.Industry, c.Size, c.IsDemo, c.CreatedAt, c.UpdatedAt);
    }
}
