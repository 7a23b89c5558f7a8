using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>One nanoFramework project (.nfproj) of the device code, with the .cs files it owns on disk.</summary>
    public sealed class DeviceProject
    {
        public DeviceProject(string root, string projectFile)
        {
            Root = root;
            ProjectFile = projectFile;
            Directory = Path.GetDirectoryName(projectFile);
            XDocument document = XDocument.Load(projectFile);
            AssemblyName = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value
                ?? Path.GetFileNameWithoutExtension(projectFile);
            CompileItems = document.Descendants().Where(e => e.Name.LocalName == "Compile")
                .Select(e => (string)e.Attribute("Include")).Where(v => v != null)
                .Select(v => Path.GetFullPath(Path.Combine(Directory, v.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
            References = document.Descendants().Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => (string)e.Attribute("Include")).Where(v => v != null)
                .Select(v => Path.GetFullPath(Path.Combine(Directory, v.Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
        }

        public string Root { get; }

        /// <summary>Full path of the .nfproj.</summary>
        public string ProjectFile { get; }

        public string Directory { get; }

        public string AssemblyName { get; }

        /// <summary>Full paths of the <c>Compile Include</c> items.</summary>
        public List<string> CompileItems { get; }

        /// <summary>Full paths of the referenced .nfproj files.</summary>
        public List<string> References { get; }

        /// <summary>Full paths of the .cs files on disk whose nearest .nfproj is this one.</summary>
        public List<string> SourceFiles { get; } = new List<string>();

        public string Relative(string path)
        {
            return Path.GetRelativePath(Root, path).Replace('\\', '/');
        }
    }

    /// <summary>
    /// The device code of a repository: every folder holding a .nfproj (hal, hal/Esp32, firmware, firmware/Device,
    /// boards, sim, tests, and any future one), each .cs file assigned to its nearest .nfproj up the tree. tests/Pc is
    /// PC-only and left out, as are build outputs (bin, obj, artifacts) and hidden folders.
    /// </summary>
    public sealed class DeviceTree
    {
        private DeviceTree(string root, List<DeviceProject> projects)
        {
            Root = root;
            Projects = projects;
        }

        public string Root { get; }

        /// <summary>The projects in dependency order (a project after those it references).</summary>
        public List<DeviceProject> Projects { get; }

        public static bool IsExcluded(string root, string path)
        {
            string relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            string[] parts = relative.Split('/');
            if (parts.Length >= 2 && parts[0] == "tests" && parts[1] == "Pc") return true;
            return parts.Take(parts.Length - 1).Any(p => p == "bin" || p == "obj" || p == "artifacts" || p == "packages" || p.StartsWith(".", StringComparison.Ordinal));
        }

        public static DeviceTree Load(string root)
        {
            root = Path.GetFullPath(root);
            var projects = System.IO.Directory.EnumerateFiles(root, "*.nfproj", SearchOption.AllDirectories)
                .Where(p => !IsExcluded(root, p))
                .Select(p => new DeviceProject(root, p))
                .ToDictionary(p => p.ProjectFile, StringComparer.Ordinal);
            var byDirectory = projects.Values.GroupBy(p => p.Directory).ToDictionary(g => g.Key, g => g.First());
            foreach (DeviceProject project in projects.Values)
            {
                foreach (string file in System.IO.Directory.EnumerateFiles(project.Directory, "*.cs", SearchOption.AllDirectories))
                {
                    if (IsExcluded(root, file)) continue;
                    string directory = Path.GetDirectoryName(file);
                    while (directory != null && !byDirectory.ContainsKey(directory)) directory = Path.GetDirectoryName(directory);
                    if (directory != null && byDirectory[directory] == project) project.SourceFiles.Add(file);
                }

                project.SourceFiles.Sort(StringComparer.Ordinal);
            }

            // Dependency order: depth-first over ProjectReference items.
            var ordered = new List<DeviceProject>();
            var visiting = new HashSet<string>();
            void Visit(DeviceProject project)
            {
                if (ordered.Contains(project) || !visiting.Add(project.ProjectFile)) return;
                foreach (string reference in project.References)
                {
                    if (projects.TryGetValue(reference, out DeviceProject referenced)) Visit(referenced);
                }

                ordered.Add(project);
            }

            foreach (DeviceProject project in projects.Values.OrderBy(p => p.ProjectFile, StringComparer.Ordinal)) Visit(project);
            return new DeviceTree(root, ordered);
        }

        public DeviceProject Find(string projectFile)
        {
            return Projects.FirstOrDefault(p => p.ProjectFile == projectFile);
        }
    }
}
