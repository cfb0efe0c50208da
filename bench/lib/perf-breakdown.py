#!/usr/bin/env python3
"""Reads `perf script` (call stacks) from stdin and prints where each process group's CPU went, as a Markdown table.

Usage: perf script -F pid,ip,sym,dso | perf-breakdown.py REQUESTS FREQUENCY GROUP=PID,PID... [GROUP=...]

A sample is put in the first category found walking from the leaf towards the root: the innermost part of the
platform that was running (the thread pool and the runtime only when nothing else is on the stack). A leaf in the
kernel counts for the kernel and one in the JIT compiler for the compiler, whatever called them; PostgreSQL's samples
under the tenant CALL count for that CALL. µs per request = samples ÷ FREQUENCY × 10⁶ ÷ REQUESTS.
"""
import re
import sys
from collections import Counter, defaultdict

DOTNET = [
    ("token validation", r"IdentityModel|JwtBearer|OpenIddict|ValidatedAccessTokens|RevokedAccessTokens|PlatformAuthenticationExtensions|GatewayAuthentication|AspNetCore\.Authentication"),
    ("authorization", r"AspNetCore\.Authorization"),
    ("rate limiting", r"RateLimit"),
    ("cache (HybridCache, generations)", r"BizOSaaS\.Platform\.Caching|Extensions\.Caching"),
    ("Redis client", r"StackExchange\.Redis|Pipelines\.Sockets"),
    ("tracing", r"OpenTelemetry\.Trace|TailSampling|RecordingRatioSampler|System\.Diagnostics\.Activity|ActivitySource|DiagnosticListener|HostingApplicationDiagnostics|Diagnostics\.DiagnosticsHandler"),
    ("metrics", r"Diagnostics\.Metrics|OpenTelemetry\.Metrics|MetricsHandler|HostingMetrics|KestrelMetrics"),
    ("logging", r"Extensions\.Logging|OpenTelemetry\.Logs"),
    ("EF Core", r"EntityFrameworkCore"),
    ("Npgsql", r"Npgsql"),
    ("JSON", r"System\.Text\.Json"),
    ("YARP", r"Yarp\."),
    ("HTTP client", r"System\.Net\.Http"),
    ("Kestrel", r"Server\.Kestrel|System\.IO\.Pipelines"),
    ("routing, middleware, endpoints", r"Microsoft\.AspNetCore|BizOSaaS|Microsoft\.Extensions\.DependencyInjection"),
    ("sockets", r"System\.Net\.Sockets"),
]
# Counted only when no part of the platform above is on the stack: they run on behalf of whatever called them.
RUNTIME = [
    ("thread pool, tasks, async", r"System\.Threading|System\.Runtime\.CompilerServices"),
    ("runtime (GC, stubs)", r"^(libcoreclr|libSystem\.Native)|^System\.Private\.CoreLib System\.(GC|Runtime)"),
]
POSTGRES = [
    ("planning", r"^(pg_plan_quer|planner|standard_planner|subquery_planner|query_planner)"),
    ("parse, analyse", r"^(raw_parser|base_yyparse|parse_analyze|pg_analyze_and_rewrite|pg_parse_query)"),
    ("transaction start/end", r"^(StartTransaction|CommitTransaction|AbortTransaction|StartTransactionCommand|CommitTransactionCommand)"),
    ("executor", r"^(standard_Executor|Executor|Exec[A-Z]|PortalRun|ProcessQuery)"),
    ("protocol, sockets", r"^(pq_|secure_|socket_|ReadCommand|SocketBackend|exec_bind_message|exec_parse_message|exec_describe)"),
    ("catalog, locks, memory", r"^(LockAcquire|LockRelease|SearchCatCache|hash_search|AllocSet|palloc|MemoryContext)"),
]
CALL = re.compile(r"^(ExecuteCallStmt|plpgsql_|exec_stmt)")

PERF_MAP_NAME = re.compile(r"\[([^\]]+)\] (\S+?::[^(\s]+)")
GENERIC_ARGUMENTS = re.compile(r"\[[^\[\]]*\]")


def frame_name(sym, dso):
    """A JIT-compiled frame as "Assembly Namespace.Type::Method" without generic arguments (a type named in them is
    not the code that ran); a native frame as its library's file name."""
    if dso.endswith(".map"):
        m = PERF_MAP_NAME.search(sym)
        if not m:
            return sym
        method = m.group(2)
        while GENERIC_ARGUMENTS.search(method):
            method = GENERIC_ARGUMENTS.sub("", method)
        return f"{m.group(1)} {method}"
    return dso.rsplit("/", 1)[-1] + " " + sym


def category(stack, postgres):
    if not stack:
        return "unknown"
    if stack[0][1].startswith("[kernel") or stack[0][1] == "[vdso]":
        return "kernel"
    if stack[0][1].endswith("libclrjit.so"):
        return "JIT compiler"
    if postgres:
        if any(CALL.search(sym) for sym, _ in stack):
            return "tenant CALL (app_set_tenant)"
        for sym, _ in stack:
            for name, pattern in POSTGRES:
                if re.search(pattern, sym):
                    return name
        return "other PostgreSQL"
    frames = [frame_name(sym, dso) for sym, dso in stack]
    for candidates in (DOTNET, RUNTIME):
        for text in frames:
            for name, pattern in candidates:
                if re.search(pattern, text):
                    return name
    return "other .NET and native"


def main():
    requests, frequency = int(sys.argv[1]), float(sys.argv[2])
    group_of = {}
    order = []
    for arg in sys.argv[3:]:
        name, pids = arg.split("=", 1)
        order.append(name)
        for pid in filter(None, pids.split(",")):
            group_of[pid] = name
    counts = defaultdict(Counter)
    pid, stack = None, []
    frame = re.compile(r"^\s+[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$")

    def flush():
        if pid in group_of:
            group = group_of[pid]
            counts[group][category(stack, group == "postgres")] += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            pid, stack = None, []
            continue
        if not line.startswith("\t"):  # a sample's header: its pid, right-aligned; its frames follow, each after a tab
            flush()
            pid, stack = line.split()[0], []
            continue
        m = frame.match(line)
        if m:
            stack.append((m.group(1), m.group(2)))
    flush()

    for group in order:
        total = sum(counts[group].values())
        if not total:
            continue
        print(f"\n**{group}**: {total} samples, {total / frequency * 1e6 / requests:.0f} µs per request\n")
        print("| where | share | µs per request |")
        print("|---|---|---|")
        for name, n in counts[group].most_common():
            print(f"| {name} | {100 * n / total:.1f}% | {n / frequency * 1e6 / requests:.0f} |")

main()
