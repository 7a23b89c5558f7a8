using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>What a run of the check found, and over how much code.</summary>
    public sealed class CheckResult
    {
        public List<Finding> Findings { get; } = new List<Finding>();
        public List<string> Projects { get; } = new List<string>();
        public int SourceFileCount { get; set; }

        /// <summary>All findings, one per line: <c>file:line: rule: detail</c>.</summary>
        public string Report()
        {
            var text = new StringBuilder();
            text.AppendLine($"{Findings.Count} finding(s) in {SourceFileCount} files of {string.Join(", ", Projects)}:");
            foreach (Finding finding in Findings) text.AppendLine(finding.ToString());
            return text.ToString();
        }
    }

    /// <summary>
    /// The nanoFramework v1 check of the device code under a repository root: project files (ProjectFileRule),
    /// language features (LanguageRule), library API (ApiUsageRule, against api-v1.txt) and what compiles but fails
    /// on the v1 runtime (TestStateRule, HashCodeRule). Each device project is
    /// compiled with Roslyn in dependency order against .NET's assemblies, stubs of the nanoFramework-only types
    /// of api-v1.txt (ApiStubWriter) and the projects it references; compile errors are findings too.
    /// </summary>
    public sealed class NanoFrameworkChecker
    {
        private const string StubAssemblyName = "NanoFrameworkApiStubs";
        private static readonly object CacheLock = new object();
        private static List<MetadataReference> platformReferences;
        private static readonly Dictionary<string, (ApiCatalog Api, MetadataReference Stubs)> ApiCache = new Dictionary<string, (ApiCatalog, MetadataReference)>();

        private readonly string apiFile;
        private readonly string packageTableFile;

        /// <param name="apiFile">the API listing (api-v1.txt)</param>
        /// <param name="packageTableFile">the Markdown table of pinned package versions (packages-v1.md)</param>
        public NanoFrameworkChecker(string apiFile, string packageTableFile)
        {
            this.apiFile = apiFile;
            this.packageTableFile = packageTableFile;
        }

        /// <summary>A checker with the files committed in <paramref name="repositoryRoot"/>'s tests/Pc/NanoCheck.</summary>
        public static NanoFrameworkChecker ForRepository(string repositoryRoot)
        {
            return new NanoFrameworkChecker(CheckFiles.ApiFile(repositoryRoot), CheckFiles.PackageTableFile(repositoryRoot));
        }

        public CheckResult Run(string root)
        {
            var result = new CheckResult();
            (ApiCatalog api, MetadataReference stubs) = LoadApi();
            DeviceTree tree = DeviceTree.Load(root);
            ProjectFileRule.Check(tree, packageTableFile, api, result.Findings);

            var ownAssemblies = new HashSet<string>(tree.Projects.Select(p => p.AssemblyName), StringComparer.Ordinal);
            var usage = new ApiUsageRule(api, ownAssemblies);
            var hashing = new HashCodeRule(api, ownAssemblies);
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NANOFRAMEWORK_1_0" });
            var compileOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable, concurrentBuild: false);
            var built = new Dictionary<string, MetadataReference>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);

            foreach (DeviceProject project in tree.Projects)
            {
                result.Projects.Add(project.Relative(project.ProjectFile));
                result.SourceFileCount += project.SourceFiles.Count;
                List<SyntaxTree> trees = project.SourceFiles
                    .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parseOptions, f))
                    .ToList();
                var references = new List<MetadataReference>(PlatformReferences()) { stubs };
                references.AddRange(project.References.Where(built.ContainsKey).Select(r => built[r]));
                CSharpCompilation compilation = CSharpCompilation.Create(project.AssemblyName, trees, references, compileOptions);
                built[project.ProjectFile] = compilation.ToMetadataReference();

                void Report(SyntaxNode node, string rule, string detail)
                {
                    int line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var finding = new Finding(project.Relative(node.SyntaxTree.FilePath), line, rule, detail);
                    if (seen.Add(finding.ToString())) result.Findings.Add(finding);
                }

                foreach (Diagnostic error in compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
                {
                    FileLinePositionSpan span = error.Location.GetLineSpan();
                    string file = error.Location.IsInSource ? project.Relative(span.Path) : project.Relative(project.ProjectFile);
                    var finding = new Finding(file, span.StartLinePosition.Line + 1, "compile", $"{error.Id} {error.GetMessage()}");
                    if (seen.Add(finding.ToString())) result.Findings.Add(finding);
                }

                foreach (SyntaxTree syntaxTree in trees)
                {
                    SemanticModel model = compilation.GetSemanticModel(syntaxTree);
                    LanguageRule.Check(syntaxTree, model, Report);
                    usage.Check(syntaxTree, model, Report);
                    TestStateRule.Check(syntaxTree, model, Report);
                    hashing.Check(syntaxTree, model, Report);
                }
            }

            return result;
        }

        /// <summary>api-v1.txt parsed, and the stub compilation of its types that .NET lacks (cached per file).</summary>
        private (ApiCatalog Api, MetadataReference Stubs) LoadApi()
        {
            string path = Path.GetFullPath(apiFile);
            lock (CacheLock)
            {
                if (ApiCache.TryGetValue(path, out var cached)) return cached;
                ApiCatalog api = ApiCatalog.Load(path);
                CSharpCompilation platform = CSharpCompilation.Create("Probe", null, PlatformReferences());
                var missing = new HashSet<string>(api.Types.Where(t => !t.FullName.Contains('`') && platform.GetTypesByMetadataName(t.FullName).IsEmpty).Select(t => t.FullName), StringComparer.Ordinal);
                string source = ApiStubWriter.Write(api, missing);
                CSharpCompilation stubs = CSharpCompilation.Create(StubAssemblyName,
                    new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), "api-v1-stubs.cs") },
                    PlatformReferences(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, concurrentBuild: false));
                cached = (api, stubs.ToMetadataReference());
                ApiCache[path] = cached;
                return cached;
            }
        }

        /// <summary>The full names of the api-v1.txt types that .NET lacks, hence stubbed.</summary>
        public List<string> StubbedTypes()
        {
            ApiCatalog api = ApiCatalog.Load(apiFile);
            CSharpCompilation platform = CSharpCompilation.Create("Probe", null, PlatformReferences());
            return api.Types.Where(t => !t.FullName.Contains('`') && platform.GetTypesByMetadataName(t.FullName).IsEmpty).Select(t => t.FullName).ToList();
        }

        /// <summary>
        /// Errors of the stub compilation itself (informational: the stubs are referenced as a compilation, so a
        /// stub that .NET's base classes make incomplete, e.g. an abstract member not overridden, still binds).
        /// </summary>
        public List<string> StubErrors()
        {
            var (_, stubs) = LoadApi();
            return ((CompilationReference)stubs).Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        }

        /// <summary>The .NET runtime's own assemblies from the test process's trusted platform assemblies.</summary>
        private static List<MetadataReference> PlatformReferences()
        {
            lock (CacheLock)
            {
                if (platformReferences != null) return platformReferences;
                string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
                platformReferences = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")).Split(Path.PathSeparator)
                    .Where(p => p.Length > 0 && string.Equals(Path.GetDirectoryName(p), runtime, StringComparison.Ordinal) && p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                    .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.VisualBasic", StringComparison.Ordinal))
                    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                    .ToList();
                return platformReferences;
            }
        }
    }
}
