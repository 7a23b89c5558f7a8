using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// Project files: every .cs file of a device folder is a Compile item of its nearest .nfproj and every Compile
    /// item exists on disk; each .nfproj's packages.config pins the versions of the table in packages-v1.md (next to
    /// this file) with targetFramework="netnano1.0".
    /// </summary>
    public static class ProjectFileRule
    {
        public static void Check(DeviceTree tree, string packageTablePath, ApiCatalog api, List<Finding> findings)
        {
            Dictionary<string, string> pinned = ReadPinnedVersions(packageTablePath);
            foreach (DeviceProject project in tree.Projects)
            {
                string projectName = project.Relative(project.ProjectFile);
                var listed = new HashSet<string>(project.CompileItems, StringComparer.Ordinal);
                foreach (string file in project.SourceFiles.Where(f => !listed.Contains(f)))
                {
                    findings.Add(new Finding(project.Relative(file), 0, "nfproj", $"not listed in {projectName} <Compile> items (add <Compile Include=\"...\" /> for it)"));
                }

                foreach (string item in project.CompileItems.Where(i => !File.Exists(i)))
                {
                    findings.Add(new Finding(projectName, 0, "nfproj", $"Compile item {project.Relative(item)} does not exist"));
                }

                foreach (string item in project.CompileItems.Where(i => File.Exists(i) && !project.SourceFiles.Contains(i)))
                {
                    findings.Add(new Finding(projectName, 0, "nfproj", $"Compile item {project.Relative(item)} belongs to another device folder or to tests/Pc"));
                }

                CheckPackages(project, pinned, api, findings);
            }
        }

        private static void CheckPackages(DeviceProject project, Dictionary<string, string> pinned, ApiCatalog api, List<Finding> findings)
        {
            string path = Path.Combine(project.Directory, "packages.config");
            string name = project.Relative(path);
            if (!File.Exists(path))
            {
                findings.Add(new Finding(name, 0, "packages", "missing (every .nfproj needs nanoFramework.CoreLibrary pinned)"));
                return;
            }

            var assemblies = new HashSet<string>(api.Types.Select(t => t.Assembly), StringComparer.Ordinal);
            foreach (XElement package in XDocument.Load(path).Descendants("package"))
            {
                string id = (string)package.Attribute("id");
                string version = (string)package.Attribute("version") ?? "";
                string framework = (string)package.Attribute("targetFramework");
                if (framework != "netnano1.0")
                {
                    findings.Add(new Finding(name, 0, "packages", $"{id}: targetFramework=\"{framework}\", expected \"netnano1.0\""));
                }

                if (pinned.TryGetValue(id, out string wanted))
                {
                    if (!VersionMatches(wanted, version))
                    {
                        findings.Add(new Finding(name, 0, "packages", $"{id} {version}: packages-v1.md pins {wanted}"));
                    }
                }
                else if (id != null && id.StartsWith("nanoFramework.", StringComparison.Ordinal) && (assemblies.Contains(id.Substring("nanoFramework.".Length)) || assemblies.Contains(id)))
                {
                    // A dependency of a pinned package (e.g. System.IO.Streams under System.IO.Ports) or another package
                    // whose assembly is part of api-v1.txt (nanoFramework.Runtime.Native keeps the prefix in its
                    // assembly name); only the v1 line (1.x) is allowed.
                    if (!version.StartsWith("1.", StringComparison.Ordinal))
                    {
                        findings.Add(new Finding(name, 0, "packages", $"{id} {version}: not the v1 line (1.x)"));
                    }
                }
                else
                {
                    findings.Add(new Finding(name, 0, "packages", $"{id} {version}: not in packages-v1.md nor in api-v1.txt"));
                }
            }
        }

        /// <summary>"1.17.11" exact; "latest 1.x" any 1.x; "3.0.77 or newer 3.x" at least 3.0.77 within 3.x.</summary>
        public static bool VersionMatches(string wanted, string version)
        {
            Match latest = Regex.Match(wanted, @"^latest (\d+)\.x$");
            if (latest.Success) return version.StartsWith(latest.Groups[1].Value + ".", StringComparison.Ordinal);
            Match newer = Regex.Match(wanted, @"^(\d+(?:\.\d+)*) or newer (\d+)\.x$");
            if (newer.Success)
            {
                return Version.TryParse(version, out Version actual) && Version.TryParse(newer.Groups[1].Value, out Version minimum)
                    && actual >= minimum && actual.Major.ToString() == newer.Groups[2].Value;
            }

            return wanted == version;
        }

        /// <summary>The rows <c>| nanoFramework.X | version | ... |</c> of a Markdown package table (packages-v1.md, or the shared README).</summary>
        public static Dictionary<string, string> ReadPinnedVersions(string tablePath)
        {
            var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(tablePath))
            {
                Match row = Regex.Match(line, @"^\|\s*(nanoFramework\.[A-Za-z0-9.]+)\s*\|\s*([^|]+?)\s*\|");
                if (row.Success) pinned[row.Groups[1].Value] = row.Groups[2].Value;
            }

            return pinned;
        }
    }
}
