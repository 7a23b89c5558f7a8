namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// How many cases each fuzz target runs. Each target names its PC default, which keeps the whole fuzz suite to
    /// about a minute under .NET on a 2-core CI machine. The nanoFramework interpreter (a device, or nanoCLR in CI) runs
    /// the same code several times slower (nanoCLR on a PC: the fuzz suite at full defaults ran past 10 minutes, a fifth of them
    /// took 234 s; an ESP32 is slower still), so there every default is divided by <see cref="CaseDivisor"/>; the
    /// PC sets the divisor to 1 when its test assembly loads (tests/Pc/FuzzEnvironment.cs). A long run raises
    /// <see cref="CaseOverride"/> (on the PC from the environment variable DUALREADER_FUZZ_CASES; on a device by
    /// editing <see cref="DeviceCaseOverride"/>):
    /// <c>DUALREADER_FUZZ_CASES=1000000 dotnet test DualReader.sln --filter FullyQualifiedName~Fuzz</c>.
    /// DUALREADER_FUZZ_SEED changes the base seed (every failure prints the seed of its case, which reproduces it).
    /// </summary>
    public static class FuzzSettings
    {
        /// <summary>The base seed of every target (a case's seed is derived from it and the case number).</summary>
        public const uint DefaultBaseSeed = 0x5EED2026;

        /// <summary>The divisor of every default on the interpreter (see the class summary).</summary>
        public const int InterpreterCaseDivisor = 5;

        /// <summary>A long run on a device: set above 0 and deploy the fuzz tests again.</summary>
        public const int DeviceCaseOverride = 0;

        /// <summary>When above 0: the number of cases of every target, instead of its default.</summary>
        public static int CaseOverride { get; set; } = DeviceCaseOverride;

        /// <summary>Every target's default is divided by this (at least one case is run).</summary>
        public static int CaseDivisor { get; set; } = InterpreterCaseDivisor;

        /// <summary>When not 0: the base seed instead of <see cref="DefaultBaseSeed"/>.</summary>
        public static uint BaseSeedOverride { get; set; }

        /// <summary>The cases to run for a target whose CI default is <paramref name="defaultCases"/>.</summary>
        public static int Cases(int defaultCases)
        {
            if (CaseOverride > 0)
            {
                return CaseOverride;
            }

            int cases = defaultCases / (CaseDivisor > 0 ? CaseDivisor : 1);
            return cases > 0 ? cases : 1;
        }

        /// <summary>The seed of case <paramref name="index"/> of the target named by <paramref name="target"/>.</summary>
        public static uint CaseSeed(uint target, int index)
        {
            uint baseSeed = BaseSeedOverride != 0 ? BaseSeedOverride : DefaultBaseSeed;
            // A multiplicative hash spreads neighbouring case numbers over the whole state (Knuth, TAOCP 6.4).
            uint seed = (baseSeed ^ (target * 0x85EBCA6Bu)) + ((uint)index * 0x9E3779B1u);
            return seed == 0 ? 1u : seed;
        }

        /// <summary>"seed 0x1234ABCD (case 17)": the prefix of every failure message.</summary>
        public static string Describe(FuzzRandom random, int index)
        {
            return "seed 0x" + random.CaseSeed.ToString("X8") + " (case " + index + ")";
        }
    }
}
