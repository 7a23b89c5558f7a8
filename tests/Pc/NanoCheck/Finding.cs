// One violation of the nanoFramework v1 rules found by the check (PC-only, see NanoFrameworkChecker).
namespace DualReader.Tests.Pc.NanoCheck
{
    /// <summary>A rule violation at a place in the repository: <c>file:line: rule: detail</c>.</summary>
    public sealed class Finding
    {
        public Finding(string file, int line, string rule, string detail)
        {
            File = file;
            Line = line;
            Rule = rule;
            Detail = detail;
        }

        /// <summary>Path relative to the repository root, with forward slashes.</summary>
        public string File { get; }

        /// <summary>1-based line, 0 when the finding concerns a whole file.</summary>
        public int Line { get; }

        /// <summary>Short rule name: api, generic, iterator, async, nullable, tuple, record, array, range, u8,
        /// stackalloc, dynamic, linq, compile, nfproj, packages, teststate, hashcode.</summary>
        public string Rule { get; }

        public string Detail { get; }

        public override string ToString()
        {
            return $"{File}:{Line}: {Rule}: {Detail}";
        }
    }
}
