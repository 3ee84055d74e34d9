// The Blazor Server peer: interactive server components behind the default Blazor Web App pipeline.
// Options differ from the template only where 10,000 idle circuits would otherwise hit a limit.
using BlazorPeer.Components;
using BlazorPeer.Services;
using Microsoft.AspNetCore.Components.Server.Circuits;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents(options =>
    {
        // The default keeps 100 disconnected circuits for reconnection; the idle scenario closes
        // thousands at once, which should not turn into an eviction storm while it is measured.
        options.DisconnectedCircuitMaxRetained = 20_000;
    })
    .AddHubOptions(options =>
    {
        // 32 KB by default; a burst of keystrokes or a 20-message chat event stays far below, but a
        // benchmark must never fail on a framework limit rather than on the work itself.
        options.MaximumReceiveMessageSize = 128 * 1024;
    });

builder.Services.AddSingleton<ChatRoom>();
// Counts open circuits for /_bench/gc; a singleton CircuitHandler sees every circuit.
builder.Services.AddSingleton<CircuitCounter>();
builder.Services.AddSingleton<CircuitHandler>(services => services.GetRequiredService<CircuitCounter>());

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

// Memory readings for the idle scenario: a full, blocking, compacting collection first, so the heap
// size is what the circuits keep alive and not garbage that happens not to be collected yet.
app.MapGet("/_bench/gc", (CircuitCounter circuits) =>
{
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    GC.WaitForPendingFinalizers();
    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    return Results.Json(new
    {
        // The same figure the LiveTS engine reports: heap size after the last collection.
        managedHeap = GC.GetGCMemoryInfo().HeapSizeBytes,
        connections = circuits.Open,
    });
});

app.Run();
