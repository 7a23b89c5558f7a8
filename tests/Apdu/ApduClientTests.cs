using System;
using System.Collections;
using DualReader.Firmware;
using DualReader.Firmware.Apdu;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Apdu
{
    [TestClass]
    public class ApduClientTests
    {
        /// <summary>Answers from a script and records every command.</summary>
        private sealed class ScriptedChannel : IApduChannel
        {
            private readonly string[] answers;
            private int next;

            public ScriptedChannel(string[] answers)
            {
                this.answers = answers;
            }

            public ArrayList Commands { get; } = new ArrayList();

            public ExchangeResult Exchange(byte[] command, int commandOffset, int commandCount, byte[] response, int responseOffset, int responseCapacity, out int responseCount)
            {
                byte[] copy = new byte[commandCount];
                Array.Copy(command, commandOffset, copy, 0, commandCount);
                Commands.Add(SampleCards.Hex(copy));
                byte[] answer = SampleCards.Hex(answers[next < answers.Length - 1 ? next++ : next]);
                if (answer.Length > responseCapacity)
                {
                    responseCount = 0;
                    return ExchangeResult.ResponseTooLong;
                }

                Array.Copy(answer, 0, response, responseOffset, answer.Length);
                responseCount = answer.Length;
                return ExchangeResult.Ok;
            }
        }

        private static ExchangeResult Run(ScriptedChannel channel, ApduClient client, byte[] data, int expected, byte[] response, out int count, out StatusWord status)
        {
            return client.Transmit(0x00, 0xB0, 0x01, 0x02, data, 0, data == null ? 0 : data.Length, expected, response, 0, response.Length, out count, out status);
        }

        [TestMethod]
        public void EncodesTheFourShortCases()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "9000" });
            ApduClient client = new ApduClient(channel);
            byte[] response = new byte[300];
            int count;
            StatusWord status;
            Run(channel, client, null, ApduClient.NoResponseData, response, out count, out status);
            Run(channel, client, null, 256, response, out count, out status);
            Run(channel, client, null, 16, response, out count, out status);
            Run(channel, client, SampleCards.Hex("AABB"), ApduClient.NoResponseData, response, out count, out status);
            Run(channel, client, SampleCards.Hex("AABB"), 256, response, out count, out status);
            Assert.AreEqual("00B00102", (string)channel.Commands[0]);
            Assert.AreEqual("00B0010200", (string)channel.Commands[1]);
            Assert.AreEqual("00B0010210", (string)channel.Commands[2]);
            Assert.AreEqual("00B0010202AABB", (string)channel.Commands[3]);
            Assert.AreEqual("00B0010202AABB00", (string)channel.Commands[4]);
            Assert.IsTrue(status.IsSuccess);
            Assert.AreEqual(0, count);
        }

        [TestMethod]
        public void UsesExtendedLengthOnlyWhenEnabled()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "9000" });
            ApduClient client = new ApduClient(channel, 600);
            byte[] response = new byte[600];
            byte[] data = new byte[300];
            int count;
            StatusWord status;
            EnumAssert.AreEqual(ExchangeResult.CommandTooLong, Run(channel, client, data, ApduClient.NoResponseData, response, out count, out status));
            EnumAssert.AreEqual(ExchangeResult.CommandTooLong, Run(channel, client, null, 512, response, out count, out status));
            Assert.AreEqual(0, channel.Commands.Count);
            client.ExtendedLengthEnabled = true;
            EnumAssert.AreEqual(ExchangeResult.Ok, Run(channel, client, data, 512, response, out count, out status));
            Assert.AreEqual("00B00102" + "00012C", ((string)channel.Commands[0]).Substring(0, 14));
            Assert.AreEqual("0200", ((string)channel.Commands[0]).Substring(14 + 600));
            EnumAssert.AreEqual(ExchangeResult.Ok, Run(channel, client, null, 65536, response, out count, out status));
            Assert.AreEqual("00B00102000000", (string)channel.Commands[1]);
            // Short still used when it fits.
            EnumAssert.AreEqual(ExchangeResult.Ok, Run(channel, client, null, 16, response, out count, out status));
            Assert.AreEqual("00B0010210", (string)channel.Commands[2]);
        }

        [TestMethod]
        public void FollowsGetResponseUntilTheEnd()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "AABB6103", "CCDDEE6102", "FF119000" });
            ApduClient client = new ApduClient(channel);
            byte[] response = new byte[300];
            int count;
            StatusWord status;
            EnumAssert.AreEqual(ExchangeResult.Ok, Run(channel, client, null, 256, response, out count, out status));
            Assert.AreEqual(7, count);
            Assert.AreEqual(0x9000, status.Value);
            Assert.AreEqual("00C0000003", (string)channel.Commands[1]);
            Assert.AreEqual("00C0000002", (string)channel.Commands[2]);
            byte[] expected = SampleCards.Hex("AABBCCDDEEFF11");
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], response[i]);
            }
        }

        [TestMethod]
        public void BoundsAnEndless61XX()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "6110" });
            ApduClient client = new ApduClient(channel);
            client.MaximumGetResponseRounds = 5;
            byte[] response = new byte[300];
            int count;
            StatusWord status;
            EnumAssert.AreEqual(ExchangeResult.ResponseTooLong, Run(channel, client, null, 256, response, out count, out status));
            Assert.AreEqual(6, channel.Commands.Count);
        }

        [TestMethod]
        public void StopsGetResponseWhenTheBufferIsFull()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "00112233445566776108", "00112233445566779000" });
            ApduClient client = new ApduClient(channel);
            byte[] response = new byte[12];
            int count;
            StatusWord status;
            EnumAssert.AreEqual(ExchangeResult.ResponseTooLong, Run(channel, client, null, 256, response, out count, out status));
        }

        [TestMethod]
        public void ResendsWithTheExactLeAfter6CXX()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "6C05", "01020304059000" });
            ApduClient client = new ApduClient(channel);
            byte[] response = new byte[300];
            int count;
            StatusWord status;
            EnumAssert.AreEqual(ExchangeResult.Ok, Run(channel, client, null, 256, response, out count, out status));
            Assert.AreEqual("00B0010205", (string)channel.Commands[1]);
            Assert.AreEqual(5, count);
            Assert.IsTrue(status.IsSuccess);
        }

        [TestMethod]
        public void ReportsAResponseWithoutStatusWordAsProtocolError()
        {
            ScriptedChannel channel = new ScriptedChannel(new string[] { "90" });
            ApduClient client = new ApduClient(channel);
            int count;
            StatusWord status;
            EnumAssert.AreEqual(ExchangeResult.ProtocolError, Run(channel, client, null, 256, new byte[10], out count, out status));
        }

        [TestMethod]
        public void StatusWordHelpers()
        {
            StatusWord status = new StatusWord(0x90, 0x00);
            Assert.IsTrue(status.IsSuccess);
            Assert.AreEqual("9000", status.ToString());
            status = new StatusWord(0x62, 0x83);
            Assert.IsTrue(status.IsWarning);
            Assert.AreEqual((byte)0x62, status.First);
            Assert.AreEqual((byte)0x83, status.Second);
            Assert.IsTrue(new StatusWord(0x61, 0x10).HasMoreData);
            Assert.IsTrue(new StatusWord(0x6C, 0x10).IsWrongLength);
            Assert.IsTrue(new StatusWord(0x6A, 0x88).IsNotSupported);
            Assert.IsFalse(new StatusWord().IsPresent);
            Assert.AreEqual("----", new StatusWord().ToString());
            Assert.AreEqual(0x6A82, StatusWord.FromResponse(SampleCards.Hex("01026A82"), 0, 4).Value);
        }

        [TestMethod]
        public void RejectsCallerBugs()
        {
            ApduClient client = new ApduClient(new ScriptedChannel(new string[] { "9000" }));
            int count;
            StatusWord status;
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => client.Transmit(0, 0, 0, 0, null, 0, 0, 0, new byte[10], 0, 10, out count, out status));
            Assert.ThrowsException(typeof(ArgumentNullException), () => new ApduClient(null));
        }
    }
}
