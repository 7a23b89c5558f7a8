using System;
using System.IO;

namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>
    /// Finds the repository root and the <c>shared</c> folder holding <c>nanoframework/api-v1.txt</c>: the
    /// environment variable DUALREADER_SHARED when set, otherwise the repository's parent folder + <c>shared</c>.
    /// A user's clone has no such folder; the check then reports itself skipped.
    /// </summary>
    public static class SharedFolder
    {
        public const string EnvironmentVariable = "DUALREADER_SHARED";

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

        /// <summary>The shared folder for <paramref name="repositoryRoot"/>, or null when it has no api-v1.txt.</summary>
        public static string Find(string repositoryRoot)
        {
            string configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            string shared = !string.IsNullOrEmpty(configured)
                ? configured
                : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(repositoryRoot).TrimEnd(Path.DirectorySeparatorChar)), "shared");
            return File.Exists(ApiFile(shared)) ? shared : null;
        }

        public static string ApiFile(string shared)
        {
            return Path.Combine(shared, "nanoframework", "api-v1.txt");
        }

        public static string ReadmeFile(string shared)
        {
            return Path.Combine(shared, "nanoframework", "README.md");
        }
    }
}
