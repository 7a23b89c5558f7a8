using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace DualReader.Host.Bench;

/// <summary>
/// `bench --profile NAME`: where one bench run's interpreter instructions go, by firmware method. The run's tape is
/// replayed on nanoCLR as the interpreted bench replays it, twice: under gdb, which notes every managed frame pushed
/// or popped (CLR_RT_StackFrame::Push, PushInline, Pop, PopInline) with the callee's assembly and method, and under
/// callgrind with <c>--dump-before</c> on the same four functions, which counts the instructions between two such
/// events exactly. Runs repeat exactly, so event k of one run is event k of the other; <see cref="CallAttribution"/>
/// charges each count to the method on top of the stack. Method names come from the assemblies' metadata and the
/// MetadataProcessor's .pdbx token maps (mscorlib's .pdbx is made from the reference mscorlib.dll, which gives the
/// runtime's mscorlib.pe byte for byte). Needs gdb and valgrind; a few minutes (one callgrind dump per event).
/// </summary>
public static class InterpreterProfile
{
    private const string ProgramProject = "bench/DualReader.Bench.nfproj";
    private const string TapeAssembly = "DualReader.Bench.Tape";
    private const string MarkerMethodName = "BenchMonitor.Mark";
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(30);

    // gdb notes the frame events; the callee is a CLR_RT_MethodDef_Instance: its index first (assembly << 16 |
    // method), its CLR_RT_Assembly pointer at +8, whose name pointer is found once per assembly by looking for the
    // first printable string among its first words (the header pointer, "NFMRK1...", is skipped).
    private const string GdbScript = """
        import gdb, os
        out = open(os.environ["DUALREADER_PROFILE_EVENTS"], "w")
        names = {}
        inferior = gdb.selected_inferior()
        def word(address):
            return int.from_bytes(inferior.read_memory(address, 8).tobytes(), "little")
        def assembly_name(instance):
            assembly = word(instance + 8)
            if assembly not in names:
                found = "?"
                for offset in range(0, 256, 8):
                    try:
                        text = inferior.read_memory(word(assembly + offset), 40).tobytes().split(b"\0")[0]
                    except gdb.MemoryError:
                        continue
                    if len(text) > 2 and all(32 < c < 127 for c in text) and not text.startswith(b"NFMRK"):
                        found = text.decode()
                        break
                names[assembly] = found
            return names[assembly]
        class Frame(gdb.Breakpoint):
            def __init__(self, spec, register, kind):
                super().__init__(spec, internal=True)
                self.register = register
                self.kind = kind
            def stop(self):
                if self.register is None:
                    out.write(self.kind + "\n")
                else:
                    instance = int(gdb.parse_and_eval("$" + self.register))
                    index = int.from_bytes(inferior.read_memory(instance, 4).tobytes(), "little")
                    out.write("%s %d %s\n" % (self.kind, index, assembly_name(instance)))
                return False
        gdb.execute("set pagination off")
        Frame("CLR_RT_StackFrame::Push", "rsi", "U")
        Frame("CLR_RT_StackFrame::PushInline", "r8", "I")
        Frame("CLR_RT_StackFrame::Pop", None, "O")
        Frame("CLR_RT_StackFrame::PopInline", None, "P")
        gdb.events.exited.connect(lambda event: out.close())
        gdb.execute("run")
        """;

    private static readonly string[] DumpTriggers =
    {
        "--dump-before=CLR_RT_StackFrame::Push(CLR_RT_Thread*, CLR_RT_MethodDef_Instance const&, int)",
        "--dump-before=CLR_RT_StackFrame::PushInline*",
        "--dump-before=CLR_RT_StackFrame::Pop()",
        "--dump-before=CLR_RT_StackFrame::PopInline*",
    };

    /// <summary>Profiles <paramref name="run"/> (phases named by <paramref name="phaseNames"/>) and writes the tables to
    /// <paramref name="output"/>; throws <see cref="InvalidOperationException"/> with the reason when it cannot.</summary>
    public static void Write(RecordedRun run, IReadOnlyList<string> phaseNames, string? nanoclrDirectory, int top, TextWriter output, TextWriter progress)
    {
        string root = InterpretedBench.RepositoryRoot() ?? throw new InvalidOperationException($"the bench program ({ProgramProject}) was not found above {Directory.GetCurrentDirectory()}; run the profile inside a checkout");
        string directory = nanoclrDirectory ?? Path.Combine(root, "..", "shared", "nanoclr");
        NanoClrToolchain toolchain = NanoClrToolchain.Locate(directory, out string reason) ?? throw new InvalidOperationException(reason);
        string gdb = NanoClrToolchain.FindOnPath("gdb") ?? throw new InvalidOperationException("gdb is not installed (Debian: apt-get install gdb)");
        if (run.Unusable != null)
        {
            throw new InvalidOperationException($"{run.Name} cannot be replayed: {run.Unusable}");
        }

        string work = Path.Combine(Path.GetTempPath(), "dualreader-profile-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            progress.WriteLine($"profile: building the bench program and {run.Name}'s tape with {toolchain.Directory}");
            List<string> program = toolchain.BuildProject(Path.Combine(root, ProgramProject), Path.Combine(work, "program"));
            string tape = toolchain.BuildSource(TapeSource.Generate(run, TapeSource.CountMode), TapeAssembly, Path.Combine(work, "tape"));
            List<string> load = toolchain.LoadList(program.Select(pe => Path.GetFileNameWithoutExtension(pe) == TapeAssembly ? tape : pe));

            progress.WriteLine("profile: the call events (gdb)");
            string script = Path.Combine(work, "events.py");
            string eventsFile = Path.Combine(work, "events.txt");
            File.WriteAllText(script, GdbScript);
            var environment = toolchain.RuntimeEnvironment();
            environment["DUALREADER_PROFILE_EVENTS"] = eventsFile;
            var gdbArguments = new List<string> { "-q", "-batch", "-x", script, "--args", toolchain.Runtime };
            gdbArguments.AddRange(load);
            Finished(ProcessRunner.Run(gdb, gdbArguments, environment, RunLimit), "the gdb run");
            List<(CallEvent Event, string Assembly)> events = ReadEvents(eventsFile);

            progress.WriteLine($"profile: {events.Count} call events; the instructions between them (callgrind, one dump per event)");
            string dumps = Path.Combine(work, "callgrind");
            Directory.CreateDirectory(dumps);
            var valgrindArguments = new List<string> { "--tool=callgrind", "--callgrind-out-file=" + Path.Combine(dumps, "callgrind.out") };
            valgrindArguments.AddRange(DumpTriggers);
            valgrindArguments.Add(toolchain.Runtime);
            valgrindArguments.AddRange(load);
            Finished(ProcessRunner.Run(toolchain.Valgrind, valgrindArguments, toolchain.RuntimeEnvironment(), RunLimit), "the callgrind run");
            Dictionary<int, long> parts = InterpretedBench.CallgrindParts(dumps);
            if (parts.Count != events.Count + 1)
            {
                throw new InvalidOperationException($"callgrind wrote {parts.Count} parts for {events.Count} call events: the two runs differ");
            }

            var names = new MethodNames(toolchain, Path.Combine(work, "program"), Path.Combine(work, "names"), events.Select(e => e.Assembly).Where(a => a.Length > 0).Distinct());
            foreach ((CallEvent callEvent, string assembly) in events)
            {
                names.Note(callEvent.Method, assembly);
            }

            int marker = names.Find("DualReader.Bench", MarkerMethodName);
            List<Dictionary<int, MethodCost>> phases = CallAttribution.Attribute(events.Select(e => e.Event).ToList(), parts, marker);
            Report(run, phaseNames, phases, names, top, output);
        }
        finally
        {
            try
            {
                Directory.Delete(work, true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    private static void Report(RecordedRun run, IReadOnlyList<string> phaseNames, List<Dictionary<int, MethodCost>> phases, MethodNames names, int top, TextWriter output)
    {
        // Phase p (1-based) lies between marker p and marker p + 1: the run's window. The replay hal's methods
        // (the bench program's) are what the bench takes off; they are shown as one line.
        int segments = run.Markers.Count - 1;
        if (phases.Count < segments + 1)
        {
            throw new InvalidOperationException($"the run passed {phases.Count - 1} markers, its tape has {run.Markers.Count}");
        }

        output.WriteLine($"Interpreter profile of {run.Name} on nanoCLR: instructions by method (self: while it was the innermost frame; with callees:");
        output.WriteLine("while it was on the stack), the replay hal's own methods on one line (the bench takes them off). Exact counts, one run.");
        var window = new Dictionary<int, MethodCost>();
        for (int segment = 1; segment <= segments; segment++)
        {
            Dictionary<int, MethodCost> phase = phases[segment];
            long total = phase.Values.Sum(c => c.Self);
            long replay = phase.Where(p => names.IsReplay(p.Key)).Sum(p => p.Value.Self);
            string label = segment - 1 < phaseNames.Count ? phaseNames[segment - 1] : "window";
            output.WriteLine();
            output.WriteLine($"{label}: {total - replay:N0} instructions without the replay hal ({replay:N0})");
            WriteTop(phase, names, Math.Min(top, 8), output);
            foreach ((int method, MethodCost cost) in phase)
            {
                MethodCost sum = window.TryGetValue(method, out MethodCost? found) ? found : window[method] = new MethodCost();
                sum.Self += cost.Self;
                sum.Inclusive += cost.Inclusive;
                sum.Calls += cost.Calls;
            }
        }

        output.WriteLine();
        output.WriteLine($"the whole window ({segments} phase(s)):");
        WriteTop(window, names, top, output);

        // Method families: the self instructions of every method of a class (of the assembly, for the runtime's).
        output.WriteLine();
        output.WriteLine("the whole window by class (self instructions of its methods):");
        var families = new Dictionary<string, (long Self, int Methods)>();
        foreach ((int method, MethodCost cost) in window)
        {
            if (names.IsReplay(method) || cost.Self == 0)
            {
                continue;
            }

            string name = names.Name(method);
            int dot = name.LastIndexOf('.');
            if (dot > 0 && name[dot - 1] == '.')
            {
                // A constructor: "Type..ctor".
                dot--;
            }

            string family = dot > 0 ? name[..dot] : name;
            (long self, int methods) = families.GetValueOrDefault(family);
            families[family] = (self + cost.Self, methods + 1);
        }

        output.WriteLine($"  {"self",11} {"methods",8}  class");
        foreach ((string family, (long self, int methods)) in families.OrderByDescending(f => f.Value.Self).Take(top))
        {
            output.WriteLine($"  {self,11:N0} {methods,8}  {family}");
        }
    }

    private static void WriteTop(Dictionary<int, MethodCost> phase, MethodNames names, int top, TextWriter output)
    {
        var replay = new MethodCost();
        var rows = new List<(string Name, MethodCost Cost)>();
        foreach ((int method, MethodCost cost) in phase)
        {
            if (names.IsReplay(method))
            {
                replay.Self += cost.Self;
                replay.Calls += cost.Calls;
            }
            else
            {
                rows.Add((names.Name(method), cost));
            }
        }

        output.WriteLine($"  {"self",11} {"with callees",13} {"calls",6}  method");
        foreach ((string name, MethodCost cost) in rows.OrderByDescending(r => r.Cost.Self).Take(top))
        {
            output.WriteLine($"  {cost.Self,11:N0} {cost.Inclusive,13:N0} {cost.Calls,6}  {name}");
        }

        output.WriteLine($"  {replay.Self,11:N0} {string.Empty,13} {replay.Calls,6}  (replay hal)");
    }

    private static void Finished(ProcessResult result, string what)
    {
        if (result.TimedOut || result.ExitCode != 0 || !(result.Output + result.Error).Contains("bench-result ", StringComparison.Ordinal))
        {
            string tail = string.Join(" | ", (result.Output + result.Error).Split('\n').Where(l => l.Length > 0).TakeLast(4));
            throw new InvalidOperationException($"{what} did not finish the replay ({(result.TimedOut ? "timed out" : "exit code " + result.ExitCode)}): {tail}");
        }
    }

    private static List<(CallEvent Event, string Assembly)> ReadEvents(string file)
    {
        var events = new List<(CallEvent, string)>();
        foreach (string line in File.ReadLines(file))
        {
            string[] fields = line.Split(' ', 3);
            char kind = fields[0][0];
            events.Add(fields.Length == 3
                ? (new CallEvent(kind, (int)uint.Parse(fields[1], CultureInfo.InvariantCulture)), fields[2])
                : (new CallEvent(kind, 0), string.Empty));
        }

        return events;
    }

    /// <summary>Method names by nanoCLR method index: the .pdbx maps nanoCLR tokens to the assembly's own.</summary>
    private sealed class MethodNames
    {
        private readonly Dictionary<int, string> assemblyByIndex = new();
        private readonly Dictionary<string, Dictionary<int, string>> methodsByAssembly = new();

        public MethodNames(NanoClrToolchain toolchain, string programFolder, string work, IEnumerable<string> assemblies)
        {
            foreach (string assembly in assemblies)
            {
                string? dll = new[] { ".dll", ".exe" }.Select(e => Path.Combine(programFolder, assembly + e)).FirstOrDefault(File.Exists);
                string? pdbx = dll == null ? null : Path.ChangeExtension(dll, ".pdbx");
                if (dll == null && File.Exists(Path.Combine(toolchain.ReferenceDirectory, assembly + ".dll")))
                {
                    // A runtime assembly: its .pdbx made from its reference DLL, as the runtime's .pe was.
                    Directory.CreateDirectory(work);
                    dll = Path.Combine(work, assembly + ".dll");
                    File.Copy(Path.Combine(toolchain.ReferenceDirectory, assembly + ".dll"), dll, true);
                    ProcessRunner.Run("dotnet", new[] { toolchain.MetadataProcessor, "-parse", dll, "-compile", Path.ChangeExtension(dll, ".pe"), "false" }, null, TimeSpan.FromMinutes(5));
                    pdbx = Path.ChangeExtension(dll, ".pdbx");
                }

                methodsByAssembly[assembly] = dll != null && pdbx != null && File.Exists(pdbx) ? Read(dll, pdbx) : new Dictionary<int, string>();
            }
        }

        public void Note(int method, string assembly)
        {
            if (assembly.Length > 0)
            {
                assemblyByIndex[method >> 16] = assembly;
            }
        }

        public bool IsReplay(int method) => method != CallAttribution.NoMethod && Assembly(method) == "DualReader.Bench";

        public int Find(string assembly, string name)
        {
            int row = methodsByAssembly.TryGetValue(assembly, out var methods) ? methods.FirstOrDefault(m => m.Value == name, new KeyValuePair<int, string>(-1, string.Empty)).Key : -1;
            int index = assemblyByIndex.FirstOrDefault(a => a.Value == assembly, new KeyValuePair<int, string>(-1, string.Empty)).Key;
            if (row < 0 || index < 0)
            {
                throw new InvalidOperationException($"{assembly} {name} was never called: not the bench program?");
            }

            return (index << 16) | row;
        }

        public string Name(int method)
        {
            if (method == CallAttribution.NoMethod)
            {
                return "(no managed frame)";
            }

            string assembly = Assembly(method);
            string prefix = assembly == "DualReader.Firmware" ? string.Empty : assembly + ": ";
            return methodsByAssembly.TryGetValue(assembly, out var methods) && methods.TryGetValue(method & 0xFFFF, out string? name) ? prefix + name : $"{prefix}method {method & 0xFFFF}";
        }

        private string Assembly(int method) => assemblyByIndex.TryGetValue(method >> 16, out string? name) ? name : "assembly " + (method >> 16);

        private static Dictionary<int, string> Read(string dll, string pdbx)
        {
            var byToken = new Dictionary<int, string>();
            using (var stream = File.OpenRead(dll))
            using (var reader = new PEReader(stream))
            {
                MetadataReader metadata = reader.GetMetadataReader();
                foreach (TypeDefinitionHandle typeHandle in metadata.TypeDefinitions)
                {
                    TypeDefinition type = metadata.GetTypeDefinition(typeHandle);
                    string typeName = metadata.GetString(type.Name);
                    if (!type.GetDeclaringType().IsNil)
                    {
                        typeName = metadata.GetString(metadata.GetTypeDefinition(type.GetDeclaringType()).Name) + "." + typeName;
                    }

                    foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                    {
                        byToken[MetadataTokens.GetToken(methodHandle)] = typeName + "." + metadata.GetString(metadata.GetMethodDefinition(methodHandle).Name);
                    }
                }
            }

            var byRow = new Dictionary<int, string>();
            foreach (Match match in Regex.Matches(File.ReadAllText(pdbx), "<Method><Token><CLR>0x([0-9A-Fa-f]+)</CLR><nanoCLR>0x([0-9A-Fa-f]+)</nanoCLR>"))
            {
                int clr = int.Parse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                int nano = int.Parse(match.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (byToken.TryGetValue(clr, out string? name))
                {
                    byRow[nano & 0xFFFF] = name;
                }
            }

            return byRow;
        }
    }
}
