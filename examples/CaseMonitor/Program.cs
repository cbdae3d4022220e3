// A monitor: follows every change of the organisation's cases (WatchCases) and prints it, keeping
// the position of the last change it handled in a file, so that after a restart (or a broken
// connection) it resumes exactly there: nothing missed, nothing twice.
//
//   SUPPORTPLATFORM_IDENTITY=… SUPPORTPLATFORM_CASES=… SUPPORTPLATFORM_CLIENT_ID=… \
//   SUPPORTPLATFORM_CLIENT_SECRET=… dotnet run -- [--position-file monitor.position] [--max-events N] [--max-seconds S]
using Grpc.Core;
using SupportPlatform.Cases.V1;
using SupportPlatform.Client;

var positionFile = Option("--position-file") ?? "monitor.position";
var maxEvents = int.Parse(Option("--max-events") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
var maxSeconds = int.Parse(Option("--max-seconds") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

using var client = new SupportPlatformClient(new SupportPlatformClientOptions
{
    Identity = new Uri(Setting("SUPPORTPLATFORM_IDENTITY")),
    Cases = new Uri(Setting("SUPPORTPLATFORM_CASES")),
    ClientId = Setting("SUPPORTPLATFORM_CLIENT_ID"),
    ClientSecret = Setting("SUPPORTPLATFORM_CLIENT_SECRET"),
});
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
if (maxSeconds > 0)
{
    stop.CancelAfter(TimeSpan.FromSeconds(maxSeconds));
}

var position = File.Exists(positionFile) ? long.Parse(File.ReadAllText(positionFile).Trim(), System.Globalization.CultureInfo.InvariantCulture) : 0;
Console.WriteLine(position == 0 ? "following changes from now on" : $"resuming after position {position}");
var handled = 0;
while (!stop.IsCancellationRequested)
{
    try
    {
        using var call = client.Cases.WatchCases(new WatchCasesRequest { AfterPosition = position }, cancellationToken: stop.Token);
        await foreach (var change in call.ResponseStream.ReadAllAsync(stop.Token))
        {
            Console.WriteLine($"position {change.Change.Position} case {change.Case.CaseId} {change.Change.Action} {change.Case.Status}");
            position = change.Change.Position;
            // Kept after handling: a crash right here repeats this one change, never skips one.
            await File.WriteAllTextAsync(positionFile + ".tmp", position.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.Move(positionFile + ".tmp", positionFile, overwrite: true);
            if (maxEvents > 0 && ++handled >= maxEvents)
            {
                return 0;
            }
        }
    }
    catch (OperationCanceledException) when (stop.IsCancellationRequested)
    {
        break;
    }
    catch (RpcException broken) when (broken.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled && !stop.IsCancellationRequested)
    {
        // The stream broke (a restart, the network): open it again after the last handled change.
        Console.Error.WriteLine($"stream broke ({broken.StatusCode}); resuming after position {position}");
        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
return 0;

string? Option(string name) => Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;

static string Setting(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set {name}.");
