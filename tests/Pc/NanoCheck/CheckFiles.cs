using System;
using System.IO;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// Where the check finds its data. The check itself needs only files committed next to it: api-v1.txt (the
    /// public API of the v1 reference assemblies, written by tools/ApiList) and packages-v1.md (the package pins).
    /// The shared folder beside the repository (<c>../shared</c>, present on the project's build machine, never in a
    /// user's clone) is only used to prove that those committed files still match their sources and to build the
    /// device projects against the real v1 assemblies.
    /// </summary>
    public static class CheckFiles
    {
        /// <summary>The repository root: the nearest folder up from the test binaries that holds DualReader.sln.</summary>
        public static string FindRepositoryRoot()
        {
            string directory = AppContext.BaseDirectory;
            while (directory != null)
            {
                if (File.Exists(Path.Combine(directory, "DualReader.sln")))
                {
                    return directory;
                }

                directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar));
            }

            throw new InvalidOperationException("DualReader.sln not found above " + AppContext.BaseDirectory);
        }

        /// <summary>The committed API listing the check reads.</summary>
        public static string ApiFile(string repositoryRoot)
        {
            return Path.Combine(repositoryRoot, "tests", "Pc", "NanoCheck", "api-v1.txt");
        }

        /// <summary>The committed table of package versions every packages.config must pin.</summary>
        public static string PackageTableFile(string repositoryRoot)
        {
            return Path.Combine(repositoryRoot, "tests", "Pc", "NanoCheck", "packages-v1.md");
        }

        /// <summary><c>../shared/&lt;relative&gt;</c> beside the repository when it exists, otherwise null.</summary>
        public static string Shared(string repositoryRoot, string relative)
        {
            string parent = Path.GetDirectoryName(Path.GetFullPath(repositoryRoot).TrimEnd(Path.DirectorySeparatorChar));
            string path = Path.Combine(parent, "shared", relative);
            return File.Exists(path) || Directory.Exists(path) ? path : null;
        }
    }
}
