using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace DualReader.Host.Bench;

/// <summary>
/// The nanoFramework v1 toolchain of a nanoclr folder (../shared/nanoclr: reference DLLs, MetadataProcessor, runtime
/// .pe files, the POSIX nanoCLR), read from its own tools/common.sh so the bench builds exactly as its scripts do,
/// and valgrind. <see cref="Locate"/> says why it cannot be used instead of failing later.
/// </summary>
public sealed class NanoClrToolchain
{
    /// <summary>The native method behind <c>Debugger.IsAttached</c>, which the bench program calls at each marker
    /// and nothing else calls: callgrind's <c>--dump-before</c> on it starts a new part there.</summary>
    public const string MarkerFunction = "*Debugger::get_IsAttached*";

    private NanoClrToolchain(string directory, string referenceDirectory, string metadataProcessor, string runtimeDirectory, string runtime, string compiler, IReadOnlyList<string> runtimeOrder, IReadOnlyList<string> compilerArguments, string valgrind)
    {
        Directory = directory;
        ReferenceDirectory = referenceDirectory;
        MetadataProcessor = metadataProcessor;
        RuntimeDirectory = runtimeDirectory;
        Runtime = runtime;
        Compiler = compiler;
        RuntimeOrder = runtimeOrder;
        CompilerArguments = compilerArguments;
        Valgrind = valgrind;
    }

    public string Directory { get; }

    public string ReferenceDirectory { get; }

    public string MetadataProcessor { get; }

    public string RuntimeDirectory { get; }

    /// <summary>The POSIX nanoCLR runner.</summary>
    public string Runtime { get; }

    /// <summary>Roslyn's csc.dll.</summary>
    public string Compiler { get; }

    /// <summary>Runtime .pe names in load order (mscorlib first).</summary>
    public IReadOnlyList<string> RuntimeOrder { get; }

    /// <summary>csc options without references (nf_csc_args).</summary>
    public IReadOnlyList<string> CompilerArguments { get; }

    public string Valgrind { get; }

    /// <summary>The toolchain in <paramref name="directory"/>, or null with the <paramref name="reason"/> it cannot be used.</summary>
    public static NanoClrToolchain? Locate(string directory, out string reason)
    {
        string full = Path.GetFullPath(directory);
        string common = Path.Combine(full, "tools", "common.sh");
        if (!File.Exists(common))
        {
            reason = $"no nanoclr toolchain at {full} (tools/common.sh missing)";
            return null;
        }

        string? valgrind = FindOnPath("valgrind");
        if (valgrind == null)
        {
            reason = "valgrind is not installed (Debian: apt-get install valgrind)";
            return null;
        }

        ProcessResult config = ProcessRunner.Run("bash", new[] { "-c", ". \"$1/tools/common.sh\" && echo \"$NF_REF\" && echo \"$NF_MDP\" && echo \"$NF_PE\" && echo \"$NF_CLR\" && nf_csc && echo $NF_PE_ORDER && nf_csc_args | grep -v '^-reference'", "bash", full }, null, TimeSpan.FromSeconds(60));
        string[] lines = config.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (config.ExitCode != 0 || lines.Length < 6)
        {
            reason = $"{common} did not give the toolchain's locations: {config.Error.Trim()}";
            return null;
        }

        var toolchain = new NanoClrToolchain(full, Path.GetFullPath(lines[0]), Path.GetFullPath(lines[1]), Path.GetFullPath(lines[2]), Path.GetFullPath(lines[3]), lines[4], lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries), lines.Skip(6).ToList(), valgrind);
        foreach (string needed in new[] { toolchain.MetadataProcessor, toolchain.Runtime, toolchain.Compiler })
        {
            if (!File.Exists(needed))
            {
                reason = $"the nanoclr toolchain lacks {needed}";
                return null;
            }
        }

        reason = string.Empty;
        return toolchain;
    }

    /// <summary>
    /// Builds <paramref name="project"/> (.nfproj) and the projects it references, deepest first, into
    /// <paramref name="output"/> as the nanoFramework project system does (its Compile items, one assembly each, then
    /// the MetadataProcessor); returns the .pe files in load order.
    /// </summary>
    public List<string> BuildProject(string project, string output)
    {
        var order = new List<NfProject>();
        Visit(Path.GetFullPath(project), order, new HashSet<string>());
        var built = new List<string>();
        var dlls = new List<string>();
        foreach (NfProject nf in order)
        {
            string dll = Path.Combine(output, nf.AssemblyName + (nf.Executable ? ".exe" : ".dll"));
            Compile(nf.Files, dll, nf.Executable, dlls);
            built.Add(MakePe(dll, dlls));
            dlls.Add(dll);
        }

        return built;
    }

    /// <summary>Compiles one generated source into the library <paramref name="assemblyName"/> in
    /// <paramref name="output"/>; returns its .pe.</summary>
    public string BuildSource(string source, string assemblyName, string output)
    {
        System.IO.Directory.CreateDirectory(output);
        string file = Path.Combine(output, assemblyName + ".cs");
        File.WriteAllText(file, source);
        string dll = Path.Combine(output, assemblyName + ".dll");
        Compile(new[] { file }, dll, false, new List<string>());
        return MakePe(dll, new List<string>());
    }

    /// <summary>The runtime .pe files, then <paramref name="assemblies"/>, as arguments of the nanoCLR runner.</summary>
    public List<string> LoadList(IEnumerable<string> assemblies)
    {
        var list = RuntimeOrder.Select(name => Path.Combine(RuntimeDirectory, name + ".pe")).ToList();
        list.AddRange(assemblies);
        return list;
    }

    /// <summary>Environment of a nanoCLR run: its shared library, and the wall-clock time slice switched off (as
    /// ir.sh does) so instruction counts are exact run to run.</summary>
    public Dictionary<string, string> RuntimeEnvironment()
    {
        string runtimeFolder = Path.GetDirectoryName(Runtime)!;
        return new Dictionary<string, string>
        {
            ["NANOCLR_NO_TIME_QUANTUM"] = "1",
            ["LD_LIBRARY_PATH"] = Path.GetFullPath(Path.Combine(runtimeFolder, "..", "lib")) + ":" + runtimeFolder,
        };
    }

    private void Compile(IEnumerable<string> files, string output, bool executable, IEnumerable<string> projectReferences)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var arguments = new List<string>(CompilerArguments) { executable ? "-target:exe" : "-target:library", "-out:" + output };
        arguments.AddRange(System.IO.Directory.GetFiles(ReferenceDirectory, "*.dll").OrderBy(f => f, StringComparer.Ordinal).Select(r => "-reference:" + r));
        arguments.AddRange(projectReferences.Select(r => "-reference:" + r));
        arguments.AddRange(files.Select(f => "\"" + f + "\""));
        string responseFile = output + ".rsp";
        File.WriteAllLines(responseFile, arguments);
        ProcessResult result = ProcessRunner.Run("dotnet", new[] { Compiler, "@" + responseFile }, null, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            string errors = string.Join("\n", result.Output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Take(10));
            throw new InvalidOperationException($"csc failed on {Path.GetFileName(output)}:\n{errors}");
        }
    }

    private string MakePe(string dll, IEnumerable<string> projectReferences)
    {
        string pe = Path.ChangeExtension(dll, ".pe");
        File.Delete(pe);
        var arguments = new List<string> { MetadataProcessor };
        foreach (string reference in System.IO.Directory.GetFiles(ReferenceDirectory, "*.dll").OrderBy(f => f, StringComparer.Ordinal).Concat(projectReferences))
        {
            arguments.AddRange(new[] { "-loadHints", Path.GetFileNameWithoutExtension(reference), reference });
        }

        arguments.AddRange(new[] { "-parse", dll, "-compile", pe, "false" });
        ProcessResult result = ProcessRunner.Run("dotnet", arguments, null, TimeSpan.FromMinutes(5));
        if (!File.Exists(pe) || new FileInfo(pe).Length == 0)
        {
            string output = (result.Output + result.Error).Trim();
            throw new InvalidOperationException($"the MetadataProcessor failed on {Path.GetFileName(dll)}: {output[Math.Max(0, output.Length - 800)..]}");
        }

        return pe;
    }

    private static void Visit(string path, List<NfProject> order, HashSet<string> seen)
    {
        if (!seen.Add(path))
        {
            return;
        }

        if (!File.Exists(path))
        {
            throw new InvalidOperationException("missing project " + path);
        }

        XDocument document = XDocument.Load(path);
        string folder = Path.GetDirectoryName(path)!;
        string Resolve(string include) => Path.GetFullPath(Path.Combine(folder, include.Replace('\\', '/')));
        var elements = document.Descendants().ToList();
        foreach (XElement reference in elements.Where(e => e.Name.LocalName == "ProjectReference"))
        {
            Visit(Resolve((string)reference.Attribute("Include")!), order, seen);
        }

        order.Add(new NfProject(
            elements.FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value.Trim() ?? Path.GetFileNameWithoutExtension(path),
            string.Equals(elements.FirstOrDefault(e => e.Name.LocalName == "OutputType")?.Value.Trim(), "Exe", StringComparison.OrdinalIgnoreCase),
            elements.Where(e => e.Name.LocalName == "Compile" && e.Attribute("Include") != null).Select(e => Resolve((string)e.Attribute("Include")!)).ToList()));
    }

    internal static string? FindOnPath(string program)
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed record NfProject(string AssemblyName, bool Executable, List<string> Files);
}

/// <summary>What a finished process wrote and returned.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error, bool TimedOut);

/// <summary>Runs a program to its end (or a time limit), capturing both streams.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string program, IEnumerable<string> arguments, IDictionary<string, string>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory != null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (environment != null)
        {
            foreach (KeyValuePair<string, string> pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }

        using Process process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start " + program);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        bool finished = process.WaitForExit(timeout);
        if (!finished)
        {
            // Only the process this call started (and its children: valgrind runs the runtime in-process).
            process.Kill(true);
            process.WaitForExit();
        }

        return new ProcessResult(finished ? process.ExitCode : -1, output.Result, error.Result, !finished);
    }
}
