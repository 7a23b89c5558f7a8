namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// How many cases each fuzz target runs. The defaults keep the whole fuzz suite to about a minute on a 2-core CI
    /// machine; a long run raises <see cref="CaseOverride"/> (on the PC from the environment variable
    /// DUALREADER_FUZZ_CASES, set by tests/Pc/FuzzEnvironment.cs; on a device by editing the constant here):
    /// <c>DUALREADER_FUZZ_CASES=1000000 dotnet test DualReader.sln --filter FullyQualifiedName~Fuzz</c>.
    /// DUALREADER_FUZZ_SEED changes the base seed (every failure prints the seed of its case, which reproduces it).
    /// </summary>
    public static class FuzzSettings
    {
        /// <summary>The base seed of every target (a case's seed is derived from it and the case number).</summary>
        public const uint DefaultBaseSeed = 0x5EED2026;

        /// <summary>When above 0: the number of cases of every target, instead of its default.</summary>
        public static int CaseOverride { get; set; }

        /// <summary>When not 0: the base seed instead of <see cref="DefaultBaseSeed"/>.</summary>
        public static uint BaseSeedOverride { get; set; }

        /// <summary>The cases to run for a target whose CI default is <paramref name="defaultCases"/>.</summary>
        public static int Cases(int defaultCases)
        {
            return CaseOverride > 0 ? CaseOverride : defaultCases;
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
