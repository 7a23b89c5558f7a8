using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using DualReader.Tests.Pc.NanoCheck;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc
{
    /// <summary>
    /// The nanoFramework check: the device code (every folder with a .nfproj, tests/Pc excepted) uses only what
    /// nanoFramework v1 has, by the api-v1.txt and packages-v1.md committed next to the check. Where ../shared is
    /// present (the project's build machine), further tests prove those files match their sources and build every
    /// device project against the real v1 assemblies; elsewhere only those report themselves skipped.
    /// The self-tests plant one violation each into a temporary copy of the device sources and require the check
    /// to report it at the planted file and line.
    /// </summary>
    [TestClass]
    public class NanoFrameworkCheckTests
    {
        private static readonly object RealTreeLock = new object();
        private static CheckResult realTree;

        private static string Root()
        {
            return CheckFiles.FindRepositoryRoot();
        }

        private static NanoFrameworkChecker Checker()
        {
            return NanoFrameworkChecker.ForRepository(Root());
        }

        /// <summary>The findings of the real tree, computed once: planted copies may add only the planted ones.</summary>
        private static CheckResult RealTree()
        {
            lock (RealTreeLock)
            {
                return realTree ??= Checker().Run(Root());
            }
        }

        [TestMethod]
        public void NanoFramework_DeviceCodeUsesOnlyNanoFrameworkV1()
        {
            // DUALREADER_NANOCHECK_ROOT checks another checkout (e.g. a branch exported with git archive).
            string root = Environment.GetEnvironmentVariable("DUALREADER_NANOCHECK_ROOT");
            Stopwatch watch = Stopwatch.StartNew();
            CheckResult result = Checker().Run(string.IsNullOrEmpty(root) ? Root() : root);
            watch.Stop();
            OutputHelper.WriteLine($"nanoFramework check: {result.SourceFileCount} files, {result.Projects.Count} projects, {watch.ElapsedMilliseconds} ms");
            OutputHelper.WriteLine(result.Report());
            Assert.IsTrue(result.Projects.Count >= 7, "expected at least the 7 device projects, found: " + string.Join(", ", result.Projects));
            Assert.IsTrue(result.Findings.Count == 0, result.Report());
        }

        [TestMethod]
        public void NanoFramework_StubsTheNanoFrameworkOnlyTypes()
        {
            // hal/Esp32 binds these from api-v1.txt (they are not in .NET): the check compiles it against them.
            var checker = Checker();
            var stubbed = checker.StubbedTypes();
            foreach (string type in new[]
            {
                "System.SpanByte", "System.Device.Spi.SpiDevice", "System.Device.Spi.SpiConnectionSettings", "System.Device.Gpio.GpioController",
                "System.IO.Ports.SerialPort", "nanoFramework.Hardware.Esp32.Configuration", "nanoFramework.Hardware.Esp32.HighResTimer",
                "nanoFramework.TestFramework.Assert",
            })
            {
                Assert.IsTrue(stubbed.Contains(type), type + " is not stubbed from api-v1.txt");
            }

            var errors = checker.StubErrors();
            OutputHelper.WriteLine($"{stubbed.Count} stubbed types, {errors.Count} stub compile errors");
            foreach (string error in errors) OutputHelper.WriteLine(error);
        }

        [TestMethod]
        public void NanoFramework_CatchesPlantedGenericList()
        {
            AssertPlantedFinding("firmware/Device/Program.cs", "generic",
                "public static int Count() { var items = new System.Collections.Generic.List<int>(); return items.Count; }");
        }

        [TestMethod]
        public void NanoFramework_CatchesPlantedStringJoin()
        {
            AssertPlantedFinding("sim/Timing/CostModel.cs", "api",
                "public static string Joined(string[] parts) { return string.Join(\",\", parts); }", "string.Join(string, string[]) is not in nanoFramework v1");
        }

        [TestMethod]
        public void NanoFramework_CatchesPlantedNullableValueType()
        {
            AssertPlantedFinding("sim/Pins/SimInputPin.cs", "nullable", "public static int? Maybe() { return null; }");
        }

        [TestMethod]
        public void NanoFramework_CatchesPlantedIterator()
        {
            AssertPlantedFinding("tests/Sim/VirtualClockTests.cs", "iterator",
                "public static System.Collections.IEnumerable Numbers() { yield return 1; }");
        }

        [TestMethod]
        public void NanoFramework_CatchesPlantedTupleAndMultiDimensionalArray()
        {
            AssertPlantedFinding("boards/Esp32DevKitC.cs", "tuple", "public static int Sum() { var (a, b) = (1, 2); return a + b; }");
            AssertPlantedFinding("boards/Esp32DevKitC.cs", "array", "public static int[,] Grid() { return new int[2, 2]; }");
        }

        [TestMethod]
        public void NanoFramework_CatchesMemberMissingFromNanoFramework()
        {
            // Exists in .NET, not in nanoFramework v1 (Math.Clamp has no int overload there; Array.Empty is absent).
            AssertPlantedFinding("sim/Timing/VirtualClock.cs", "api", "public static int Clamped(int v) { return System.Math.Clamp(v, 0, 9); }", "Math.Clamp");
            AssertPlantedFinding("sim/Timing/VirtualClock.cs", "api", "public static byte[] None() { return System.Array.Empty<byte>(); }", "Array.Empty");
        }

        [TestMethod]
        public void NanoFramework_CatchesWrongMemberOnNanoFrameworkOnlyType()
        {
            // hal/Esp32 binds the stubs of api-v1.txt: a member SpiDevice lacks is a compile finding there.
            AssertPlantedFinding("hal/Esp32/Esp32SpiDevice.cs", "compile",
                "public static void Bad(System.Device.Spi.SpiDevice device) { device.TransferFullDuplexAsync(); }");
        }

        [TestMethod]
        public void NanoFramework_AcceptsTypicalV1Code()
        {
            // Interpolation, lock, foreach over arrays and ArrayList, Hashtable, StringBuilder, events, out, switch
            // expressions, patterns, exceptions, using, local functions, and the TestFramework v3 API with its
            // optional messages and [DataRow], test state kept static: all v1, so no finding may appear.
            string copy = DeviceCopy.Create(Root());
            try
            {
                string target = Path.Combine(copy, "sim", "Timing", "CostModel.cs");
                File.AppendAllText(target, File.ReadAllText(Path.Combine(Root(), "tests", "Pc", "NanoCheck", "TypicalV1Code.cs.txt")));
                string test = Path.Combine(copy, "tests", "Sim", "VirtualClockTests.cs");
                File.AppendAllText(test, File.ReadAllText(Path.Combine(Root(), "tests", "Pc", "NanoCheck", "TypicalV1Test.cs.txt")));
                CheckResult result = Checker().Run(copy);
                // Only what the real tree already has may appear (the appended code itself must give nothing).
                var known = RealTree().Findings.Select(f => f.ToString()).ToList();
                var added = result.Findings.Where(f => !known.Contains(f.ToString())).ToList();
                Assert.IsTrue(added.Count == 0, "typical v1 code reported:\n" + string.Join("\n", added));
            }
            finally
            {
                Directory.Delete(copy, true);
            }
        }

        [TestMethod]
        public void NanoFramework_CatchesEveryForbiddenFeature()
        {
            // One planted line per rule of language-features-v1.txt (FAIL lines) and the README's caution.
            string[][] plants =
            {
                new[] { "generic", "public static T Identity<T>(T value) { return value; }" },
                new[] { "generic", "public static void Act(System.Action<int> action) { }" },
                new[] { "async", "public static async System.Threading.Tasks.Task RunAsync() { await System.Threading.Tasks.Task.Delay(1); }" },
                new[] { "range", "public static int Last(int[] a) { return a[^1]; }" },
                new[] { "range", "public static int[] Tail(int[] a) { return a[1..]; }" },
                new[] { "u8", "public static int Utf8() { return \"ab\"u8.Length; }" },
                new[] { "stackalloc", "public static int Stack() { System.Span<byte> s = stackalloc byte[4]; return s.Length; }" },
                new[] { "dynamic", "public static dynamic Dyn() { return 1; }" },
                new[] { "record", "public record ProbeRecord(int A);" },
                new[] { "tuple", "public static (int, int) Pair() { return (1, 2); }" },
                new[] { "nullable", "public static int Lifted(string s) { return s?.Length ?? 0; }" },
                new[] { "api", "public static int Count(int[] a) { return System.Linq.Enumerable.Count(a); }" },
                new[] { "api", "public static System.DateTime WallClock() { return System.DateTime.Now; }" },
                new[] { "api", "public static bool Has(System.Collections.Hashtable t) { return t.ContainsKey(1); }" },
                new[] { "api", "public static bool HasChar(string s) { return s.Contains('a'); }" },
                new[] { "api", "public static void Format(System.Text.StringBuilder b) { b.AppendFormat(\"{0}\", 1); }" },
                new[] { "api", "public static void Copy(byte[] a) { System.Buffer.BlockCopy(a, 0, a, 1, 1); }" },
                new[] { "api", "public static bool Blank(string s) { return string.IsNullOrWhiteSpace(s); }" },
                new[] { "api", "public static void Lock(object o) { System.Threading.Monitor.TryEnter(o); }" },
            };

            string copy = DeviceCopy.Create(Root());
            try
            {
                const string file = "sim/Timing/VirtualClock.cs";
                int[] lines = DeviceCopy.PlantMembers(Path.Combine(copy, file), plants.Select(p => p[1]).ToArray());
                CheckResult result = Checker().Run(copy);
                string report = result.Report();
                OutputHelper.WriteLine(report);
                for (int i = 0; i < plants.Length; i++)
                {
                    Assert.IsTrue(result.Findings.Any(f => f.File == file && f.Line == lines[i] && f.Rule == plants[i][0]),
                        $"expected {file}:{lines[i]}: {plants[i][0]} for `{plants[i][1]}`; got:\n{report}");
                }
            }
            finally
            {
                Directory.Delete(copy, true);
            }
        }

        [TestMethod]
        public void NanoFramework_CatchesFileMissingFromNfproj()
        {
            string copy = DeviceCopy.Create(Root());
            try
            {
                File.WriteAllText(Path.Combine(copy, "sim", "Timing", "Unlisted.cs"), "namespace DualReader.Sim.Timing\n{\n    internal static class Unlisted\n    {\n    }\n}\n");
                File.Delete(Path.Combine(copy, "hal", "PinFunction.cs"));
                File.WriteAllText(Path.Combine(copy, "hal", "PinFunction.cs.bak"), "");
                CheckResult result = Checker().Run(copy);
                string report = result.Report();
                OutputHelper.WriteLine(report);
                Assert.IsTrue(result.Findings.Any(f => f.File == "sim/Timing/Unlisted.cs" && f.Rule == "nfproj" && f.Detail.Contains("sim/DualReader.Sim.nfproj")), "unlisted file not reported:\n" + report);
                Assert.IsTrue(result.Findings.Any(f => f.File == "hal/DualReader.Hal.nfproj" && f.Rule == "nfproj" && f.Detail.Contains("hal/PinFunction.cs does not exist")), "missing listed file not reported:\n" + report);
            }
            finally
            {
                Directory.Delete(copy, true);
            }
        }

        [TestMethod]
        public void NanoFramework_CatchesWrongPackageVersion()
        {
            string copy = DeviceCopy.Create(Root());
            try
            {
                string config = Path.Combine(copy, "hal", "packages.config");
                File.WriteAllText(config, File.ReadAllText(config).Replace("version=\"1.17.11\" targetFramework=\"netnano1.0\"", "version=\"2.0.0-preview.1\" targetFramework=\"netnano1.0\""));
                CheckResult result = Checker().Run(copy);
                Assert.IsTrue(result.Findings.Any(f => f.File == "hal/packages.config" && f.Rule == "packages" && f.Detail.Contains("nanoFramework.CoreLibrary 2.0.0-preview.1")), result.Report());
            }
            finally
            {
                Directory.Delete(copy, true);
            }
        }

        [TestMethod]
        public void NanoFramework_ReadsTheCommittedPackageTable()
        {
            var pinned = ProjectFileRule.ReadPinnedVersions(CheckFiles.PackageTableFile(Root()));
            Assert.AreEqual(11, pinned.Count, "rows of packages-v1.md");
            Assert.AreEqual("1.17.11", pinned["nanoFramework.CoreLibrary"]);
            Assert.IsTrue(ProjectFileRule.VersionMatches("3.0.77 or newer 3.x", "3.0.80"));
            Assert.IsFalse(ProjectFileRule.VersionMatches("3.0.77 or newer 3.x", "3.0.76"));
            Assert.IsFalse(ProjectFileRule.VersionMatches("3.0.77 or newer 3.x", "4.0.0"));
            Assert.IsTrue(ProjectFileRule.VersionMatches("latest 1.x", "1.2.3"));
        }

        [TestMethod]
        public void NanoFramework_CatchesInstanceStateInTestClasses()
        {
            // The v1 launcher runs tests with a null instance: fields and auto-properties of a [TestClass] are
            // NullReferenceExceptions on a device. Static and const fields, computed properties, instance methods
            // and the state of a class nested in the test class are fine.
            AssertPlants("tests/Tlv/BerTlvTests.cs", new[]
            {
                ("teststate", "private int plantedCount;"),
                ("teststate", "private readonly byte[] plantedBuffer = new byte[4], plantedOther = null;"),
                ("teststate", "public int PlantedLength { get; set; }"),
                ("teststate", "private string PlantedName { get; } = \"tlv\";"),
                ("teststate", "private event System.EventHandler PlantedChanged;"),
                (null, "private static int plantedShared;"),
                (null, "private const int PlantedLimit = 3;"),
                (null, "private int PlantedComputed => PlantedLimit + plantedShared;"),
                (null, "private int PlantedHelper() { return PlantedComputed + 1; }"),
                (null, "private sealed class PlantedHolder { private int count; public int Count { get { return count; } set { count = value; } } public int Auto { get; set; } }"),
            });
        }

        [TestMethod]
        public void NanoFramework_CatchesDefaultHashCodeAndEquals()
        {
            // v1's default GetHashCode hashes a class's fields recursively and crashes on objects that reference
            // each other; hashing or comparing through it, directly or as a Hashtable key, is reported.
            AssertPlants("sim/Timing/VirtualClock.cs", new[]
            {
                ((string)null, "public class PlantedNode { public PlantedNode Next; }"),
                (null, "public class PlantedKey { public int Id; public override int GetHashCode() { return Id; } public override bool Equals(object other) { return other is PlantedKey k && k.Id == Id; } }"),
                (null, "public sealed class PlantedDerivedKey : PlantedKey { }"),
                ("hashcode", "public static int PlantedHash(PlantedNode node) { return node.GetHashCode(); }"),
                ("hashcode", "public static bool PlantedSame(PlantedNode a, PlantedNode b) { return a.Equals(b); }"),
                ("hashcode", "public static bool PlantedSameStatic(PlantedNode a, PlantedNode b) { return object.Equals(a, b); }"),
                ("hashcode", "public int PlantedSelfHash() { return GetHashCode(); }"),
                ("hashcode", "public static int PlantedBuilderHash(System.Text.StringBuilder builder) { return builder.GetHashCode(); }"),
                ("hashcode", "public class PlantedBaseHash { public override int GetHashCode() { return base.GetHashCode(); } public override bool Equals(object other) { return base.Equals(other); } }"),
                (null, "public class PlantedBaseKeyed : PlantedKey { public override int GetHashCode() { return base.GetHashCode() + 1; } public override bool Equals(object other) { return base.Equals(other); } }"),
                ("hashcode", "public static void PlantedIndexer(System.Collections.Hashtable table, PlantedNode node) { table[node] = 1; }"),
                ("hashcode", "public static void PlantedAdd(System.Collections.Hashtable table, PlantedNode node) { table.Add(node, 1); }"),
                ("hashcode", "public static bool PlantedContains(System.Collections.Hashtable table, PlantedNode node) { return table.Contains(node); }"),
                ("hashcode", "public static void PlantedRemove(System.Collections.Hashtable table, PlantedNode node) { table.Remove(node); }"),
                (null, "public static int PlantedFineHash(PlantedKey key, PlantedDerivedKey derived, string text, int number, System.TimeSpan span) { return key.GetHashCode() + derived.GetHashCode() + text.GetHashCode() + number.GetHashCode() + span.GetHashCode(); }"),
                (null, "public static bool PlantedFineEquals(PlantedKey a, PlantedDerivedKey b, string text, PlantedNode node) { return a.Equals(b) || object.Equals(a, b) || text.Equals((object)\"x\") || ReferenceEquals(node, a) || node == null; }"),
                (null, "public static void PlantedFineKeys(System.Collections.Hashtable table, PlantedDerivedKey key, object any) { table[key] = 1; table[\"a\"] = 2; table[3] = 3; table[any] = 4; table.Add(System.DayOfWeek.Monday, 5); }"),
            });
        }

        [TestMethod]
        public void NanoFramework_TestStateRefusalOnThePc()
        {
            // DeviceTestState fails the whole PC run before any test when a device test class has instance fields.
            Type sample = typeof(SampleWithState);
            var state = DeviceTestState.InstanceState(sample).ToList();
            string prefix = sample.FullName + ".";
            CollectionAssert.AreEqual(new[] { prefix + "count", prefix + "Name (auto-property)", prefix + "Changed (event)" }, state.ToArray(), string.Join(", ", state));
            Assert.IsFalse(DeviceTestState.IsDeviceTestClass(typeof(NanoFrameworkCheckTests)), "tests/Pc classes run on the PC only");
            Assert.IsTrue(DeviceTestState.IsDeviceTestClass(typeof(DualReader.Tests.Tlv.BerTlvTests)), "a device test class");
            Assert.IsFalse(DeviceTestState.IsDeviceTestClass(sample), "no [TestClass] attribute");
        }

        /// <summary>Instance state of every kind DeviceTestState must see, and static state it must not report.</summary>
        private sealed class SampleWithState
        {
            public static int Shared = 1;
            private const int Limit = 3;
            private int count;

            public string Name { get; set; }

            public int Computed => count + Limit + Shared;

            public event EventHandler Changed;

            public void Raise()
            {
                count++;
                Changed?.Invoke(this, EventArgs.Empty);
            }
        }

        [TestMethod]
        public void NanoFramework_ApiListMatchesReferenceAssemblies()
        {
            // The committed api-v1.txt is what tools/ApiList writes from the real v1 reference assemblies.
            string references = CheckFiles.Shared(Root(), Path.Combine("nanoclr", "ref"));
            if (references == null)
            {
                Assert.SkipTest("../shared/nanoclr/ref not found: the committed api-v1.txt is not compared with the reference assemblies here");
            }

            string[] generated = DualReader.Tools.ApiList.ApiListWriter.Write(references).Split('\n');
            string[] committed = File.ReadAllText(CheckFiles.ApiFile(Root())).Replace("\r\n", "\n").Split('\n');
            int line = 0;
            while (line < generated.Length && line < committed.Length && generated[line] == committed[line]) line++;
            Assert.IsTrue(line == generated.Length && line == committed.Length,
                $"tests/Pc/NanoCheck/api-v1.txt differs from the reference assemblies at line {line + 1}: committed <{(line < committed.Length ? committed[line] : "(end)")}>, generated <{(line < generated.Length ? generated[line] : "(end)")}>. "
                + "Regenerate: dotnet run --project tools/ApiList -- ../shared/nanoclr/ref tests/Pc/NanoCheck/api-v1.txt");
        }

        [TestMethod]
        public void NanoFramework_PackageTableMatchesSharedReadme()
        {
            string readme = CheckFiles.Shared(Root(), Path.Combine("nanoframework", "README.md"));
            if (readme == null)
            {
                Assert.SkipTest("../shared/nanoframework/README.md not found: the committed packages-v1.md is not compared with it here");
            }

            var shared = ProjectFileRule.ReadPinnedVersions(readme);
            var committed = ProjectFileRule.ReadPinnedVersions(CheckFiles.PackageTableFile(Root()));
            string Show(System.Collections.Generic.Dictionary<string, string> table) => string.Join("; ", table.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " " + p.Value));
            Assert.AreEqual(Show(shared), Show(committed), "tests/Pc/NanoCheck/packages-v1.md against ../shared/nanoframework/README.md");
        }

        [TestMethod]
        public void NanoFramework_DeviceProjectsBuildAgainstTheRealAssemblies()
        {
            // Where the real v1 toolchain is present, every tracked .nfproj must compile against the real reference
            // assemblies and become a .pe (the MetadataProcessor's limits included).
            string script = CheckFiles.Shared(Root(), Path.Combine("nanoclr", "nfproj.py"));
            if (script == null)
            {
                Assert.SkipTest("../shared/nanoclr/nfproj.py not found: device projects not built against the real v1 assemblies here");
            }

            string output = Path.Combine(Path.GetTempPath(), "nfproj-" + Guid.NewGuid().ToString("N"));
            try
            {
                var start = new ProcessStartInfo("python3") { WorkingDirectory = Root(), RedirectStandardOutput = true, RedirectStandardError = true };
                start.ArgumentList.Add(script);
                start.ArgumentList.Add("build");
                start.ArgumentList.Add(output);
                using Process process = Process.Start(start);
                var errors = process.StandardError.ReadToEndAsync();
                string text = process.StandardOutput.ReadToEnd();
                Assert.IsTrue(process.WaitForExit(15 * 60 * 1000), "nfproj.py build did not finish within 15 minutes:\n" + text);
                text += errors.Result;
                OutputHelper.WriteLine(text);
                Assert.AreEqual(0, process.ExitCode, "python3 ../shared/nanoclr/nfproj.py build failed:\n" + text);
            }
            finally
            {
                if (Directory.Exists(output)) Directory.Delete(output, true);
            }
        }

        /// <summary>
        /// Inserts the members (one line each) after the first type's opening brace of <paramref name="file"/> in a
        /// copy of the device sources. A member with a rule must give a finding of that rule at its line; a member
        /// without one must give no finding at its line; and nothing may appear elsewhere that the real tree lacks.
        /// </summary>
        private static void AssertPlants(string file, (string Rule, string Member)[] plants)
        {
            string copy = DeviceCopy.Create(Root());
            try
            {
                int[] lines = DeviceCopy.PlantMembers(Path.Combine(copy, file), plants.Select(p => p.Member).ToArray());
                CheckResult result = Checker().Run(copy);
                string report = result.Report();
                OutputHelper.WriteLine(report);
                for (int i = 0; i < plants.Length; i++)
                {
                    var here = result.Findings.Where(f => f.File == file && f.Line == lines[i]).ToList();
                    if (plants[i].Rule == null)
                    {
                        Assert.IsTrue(here.Count == 0, $"no finding expected at {file}:{lines[i]} for `{plants[i].Member}`; got:\n{string.Join("\n", here)}");
                    }
                    else
                    {
                        Assert.IsTrue(here.Any(f => f.Rule == plants[i].Rule), $"expected {file}:{lines[i]}: {plants[i].Rule} for `{plants[i].Member}`; got:\n{report}");
                    }
                }

                var known = RealTree().Findings.Select(f => f.ToString()).ToList();
                var stray = result.Findings.Where(f => !(f.File == file && lines.Contains(f.Line)) && !known.Contains(f.ToString())).ToList();
                Assert.IsTrue(stray.Count == 0, "findings away from the planted lines:\n" + string.Join("\n", stray));
            }
            finally
            {
                Directory.Delete(copy, true);
            }
        }

        /// <summary>
        /// Appends <paramref name="member"/> (one line) to the first class of <paramref name="file"/> in a copy of the
        /// device sources and requires a finding of <paramref name="rule"/> at exactly that line, and none elsewhere
        /// that the real tree does not have.
        /// </summary>
        private static void AssertPlantedFinding(string file, string rule, string member, string detail = null)
        {
            string copy = DeviceCopy.Create(Root());
            try
            {
                int line = DeviceCopy.PlantMember(Path.Combine(copy, file), member);
                CheckResult result = Checker().Run(copy);
                string report = result.Report();
                OutputHelper.WriteLine(report);
                Assert.IsTrue(result.Findings.Any(f => f.File == file && f.Line == line && f.Rule == rule && (detail == null || f.Detail.Contains(detail))),
                    $"expected {file}:{line}: {rule}{(detail == null ? "" : ": ..." + detail)} for planted `{member}`; got:\n{report}");
                var known = RealTree().Findings.Select(f => f.ToString()).ToList();
                var stray = result.Findings.Where(f => !(f.File == file && f.Line == line) && !known.Contains(f.ToString())).ToList();
                Assert.IsTrue(stray.Count == 0, "findings away from the planted line:\n" + string.Join("\n", stray));
            }
            finally
            {
                Directory.Delete(copy, true);
            }
        }
    }
}
