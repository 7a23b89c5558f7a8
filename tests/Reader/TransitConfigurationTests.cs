using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>The transit profile entries: validated one by one, and the key never comes back out.</summary>
    [TestClass]
    public class TransitConfigurationTests
    {
        [TestMethod]
        public void AProfileIsAcceptedAndTheKeyNeverShows()
        {
            ReaderConfiguration configuration = new ReaderConfiguration();
            Assert.IsFalse(configuration.HasTransitProfile);
            string before = configuration.Summary();
            Assert.IsTrue(before.IndexOf("transit") < 0, "the default summary does not change");

            ConfigurationResultRecord result = new ConfigurationResultRecord();
            Assert.IsTrue(configuration.Apply(Message("transit.sector=2", "transit.key_b=B0B1B2B3B4B5", "transit.balance_block=1"), result));
            Assert.IsTrue(configuration.HasTransitProfile);
            Assert.AreEqual(2, configuration.TransitSector);
            Assert.AreEqual(1, configuration.TransitBalanceBlock);
            Assert.IsTrue(configuration.TransitKeyIsB);
            byte[] key = new byte[6];
            configuration.CopyTransitKey(key, 0);
            Assert.AreEqual((byte)0xB0, key[0]);
            Assert.AreEqual((byte)0xB5, key[5]);

            Assert.AreEqual("transit.key_b=ok", (string)result.Entries[1]);
            string summary = configuration.Summary();
            Assert.IsTrue(summary.IndexOf("transit.sector=2 transit.balance_block=1 transit.key=b") >= 0, summary);
            Assert.IsTrue(summary.IndexOf("B0B1") < 0 && summary.IndexOf("b0b1") < 0, summary);
        }

        [TestMethod]
        public void BadEntriesAreRefusedWithoutEchoingTheValue()
        {
            ReaderConfiguration configuration = new ReaderConfiguration();
            ConfigurationResultRecord result = new ConfigurationResultRecord();
            Assert.IsFalse(configuration.Apply(Message("transit.sector=40", "transit.key_a=A0A1A2A3A4", "transit.key_a=A0A1A2A3A4AZ", "transit.balance_block=3"), result));
            Assert.AreEqual("transit.sector=error: not a sector from 0 to 39", (string)result.Entries[0]);
            Assert.AreEqual("transit.key_a=error: not 6 bytes of hex", (string)result.Entries[1]);
            Assert.AreEqual("transit.key_a=error: not 6 bytes of hex", (string)result.Entries[2]);
            Assert.AreEqual("transit.balance_block=error: not 0, 1 or 2", (string)result.Entries[3]);
            Assert.IsFalse(configuration.HasTransitKey);
            Assert.AreEqual(-1, configuration.TransitSector);
        }

        private static ConfigurationMessage Message(string first, string second, string third)
        {
            return Message(first, second, third, null);
        }

        private static ConfigurationMessage Message(string first, string second, string third, string fourth)
        {
            ConfigurationMessage message = new ConfigurationMessage();
            string[] entries = fourth == null ? new string[] { first, second, third } : new string[] { first, second, third, fourth };
            for (int index = 0; index < entries.Length; index++)
            {
                int equals = entries[index].IndexOf('=');
                message.Add(entries[index].Substring(0, equals), entries[index].Substring(equals + 1));
            }

            return message;
        }
    }
}
