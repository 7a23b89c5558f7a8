using System;
using System.IO;
using System.Linq;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>A temporary copy of a repository's device sources (.cs, .nfproj, packages.config) for the check's self-tests.</summary>
    public static class DeviceCopy
    {
        public static string Create(string root)
        {
            string copy = Path.Combine(Path.GetTempPath(), "nanocheck-" + Guid.NewGuid().ToString("N"));
            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                string name = Path.GetFileName(file);
                if (!(name.EndsWith(".cs", StringComparison.Ordinal) || name.EndsWith(".nfproj", StringComparison.Ordinal) || name == "packages.config")) continue;
                if (DeviceTree.IsExcluded(root, file) || Path.GetRelativePath(root, file).StartsWith("host", StringComparison.Ordinal)) continue;
                string target = Path.Combine(copy, Path.GetRelativePath(root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target));
                File.Copy(file, target);
            }

            return copy;
        }

        /// <summary>Inserts each member as a line of its own after the first type's opening brace; returns their 1-based lines.</summary>
        public static int[] PlantMembers(string file, string[] members)
        {
            int first = PlantMember(file, string.Join("\n        ", members));
            return Enumerable.Range(first, members.Length).ToArray();
        }

        /// <summary>Inserts <paramref name="member"/> as a line of its own after the first type's opening brace; returns its 1-based line.</summary>
        public static int PlantMember(string file, string member)
        {
            var lines = File.ReadAllLines(file).ToList();
            int declaration = lines.FindIndex(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s*(?:(?:public|internal|static|sealed|abstract|partial|readonly)\s+)*(?:class|struct)\s+\w+"));
            if (declaration < 0) throw new InvalidOperationException("no class or struct in " + file);
            int brace = lines.FindIndex(declaration, l => l.TrimStart().StartsWith("{", StringComparison.Ordinal));
            lines.Insert(brace + 1, "        " + member);
            File.WriteAllLines(file, lines);
            return brace + 2;
        }
    }
}
