using System;
using System.Runtime.CompilerServices;
using DualReader.Tests.Fuzz;

namespace DualReader.Tests.Pc
{
    /// <summary>
    /// PC only: runs every fuzz target's full default and reads DUALREADER_FUZZ_CASES and DUALREADER_FUZZ_SEED (hex, 0x optional) into
    /// <see cref="FuzzSettings"/> when the test assembly loads, so a long fuzz run is one command:
    /// <c>DUALREADER_FUZZ_CASES=1000000 dotnet test DualReader.sln --filter FullyQualifiedName~Fuzz</c>.
    /// </summary>
    internal static class FuzzEnvironment
    {
        [ModuleInitializer]
        internal static void Load()
        {
            // .NET runs the targets' full defaults; only the interpreter divides them.
            FuzzSettings.CaseDivisor = 1;
            string cases = Environment.GetEnvironmentVariable("DUALREADER_FUZZ_CASES");
            if (!string.IsNullOrEmpty(cases) && int.TryParse(cases, out int count) && count > 0)
            {
                FuzzSettings.CaseOverride = count;
            }

            string seed = Environment.GetEnvironmentVariable("DUALREADER_FUZZ_SEED");
            if (!string.IsNullOrEmpty(seed))
            {
                string digits = seed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? seed.Substring(2) : seed;
                if (uint.TryParse(digits, System.Globalization.NumberStyles.HexNumber, null, out uint value) && value != 0)
                {
                    FuzzSettings.BaseSeedOverride = value;
                }
            }
        }
    }
}
