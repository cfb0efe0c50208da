namespace BizOSaaS.Crm.Contracts;

public sealed record ImportRowError(int Row, string Field, string Reason);

/// <summary>What an import did. <see cref="Errors"/> lists every rejected row's problems (the first
/// ones the crm reports (<c>LeadCsvImport.MaxReportedErrors</c>)); rows are numbered as in the file, the header being row 1.</summary>
public sealed record ImportReport(int Rows, int Created, int Updated, int Unchanged, int Failed, int Superseded,
    IReadOnlyList<ImportRowError> Errors, bool ErrorsTruncated, IReadOnlyDictionary<string, string> Columns, IReadOnlyList<string> IgnoredColumns, double Seconds);
