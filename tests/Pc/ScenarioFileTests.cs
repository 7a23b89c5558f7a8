using System;
using System.IO;
using DualReader.Host.Scenarios;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Pc
{
    [TestClass]
    public class ScenarioFileTests
    {
        private const string Example = @"{
  ""duration_ms"": 3000,
  ""devices"": [
    {
      ""interface"": ""nfc"",
      ""arrive_ms"": 100, ""leave_ms"": 2500,
      ""uid"": ""08190F6D"", ""atqa"": ""0400"", ""sak"": ""20"",
      ""ats"": ""0578807002"",
      ""apdus"": [
        { ""match"": ""00a404000e325041592e5359532e444446303100"", ""response"": ""6F2A840E325041592E5359532E4444463031A518BF0C1561134F07A0000000031010870101" + "9F0A0400010101" + @"9000"", ""processing_ms"": 0.3 },
        { ""match"": ""00A4040007A0000000031010"", ""response"": ""9000"", ""processing_ms"": 2, ""faults"": { ""later"": true } }
      ],
      ""default_response"": ""6A88"",
      ""unknown_field"": 42
    },
    { ""interface"": ""rfsim"", ""uid"": ""C0FFEE01"", ""near"": false }
  ]
}";

        private static void AssertFails(string json, string field)
        {
            try
            {
                ScenarioFile.Parse(json);
            }
            catch (ScenarioFormatException error)
            {
                Assert.AreEqual(field, error.Field, error.Message);
                Assert.StartsWith(field, error.Message);
                return;
            }

            Assert.IsTrue(false, "no error for " + field);
        }

        [TestMethod]
        public void ParsesTheDesignExample()
        {
            Scenario scenario = ScenarioFile.Parse(Example);
            Assert.AreEqual(3000000L, scenario.DurationMicroseconds);
            Assert.AreEqual(2, scenario.Devices.Count);
            ScenarioDevice phone = (ScenarioDevice)scenario.Devices[0];
            Assert.AreEqual((int)DeviceInterface.Nfc, (int)phone.Interface);
            Assert.AreEqual(100000L, phone.ArriveMicroseconds);
            Assert.AreEqual(2500000L, phone.LeaveMicroseconds);
            Assert.AreEqual("08190F6D", SampleCards.Hex(phone.Uid));
            Assert.AreEqual("0400", SampleCards.Hex(phone.Atqa));
            Assert.AreEqual((byte)0x20, phone.Sak);
            Assert.AreEqual("0578807002", SampleCards.Hex(phone.Ats));
            Assert.AreEqual("6A88", SampleCards.Hex(phone.DefaultResponse));
            Assert.AreEqual(2, phone.Apdus.Count);
            ApduRule first = (ApduRule)phone.Apdus[0];
            Assert.AreEqual(SampleCards.SelectPpse, SampleCards.Hex(first.Match));
            Assert.AreEqual(300, first.ProcessingMicroseconds);
            ScenarioDevice peer = (ScenarioDevice)scenario.Devices[1];
            Assert.AreEqual((int)DeviceInterface.RfSim, (int)peer.Interface);
            Assert.IsFalse(peer.Near);
            Assert.IsNull(peer.Ats);
            Assert.AreEqual(long.MaxValue, peer.LeaveMicroseconds);
        }

        [TestMethod]
        public void TheLoadedPhoneAnswersThroughTheVirtualCard()
        {
            Scenario scenario = ScenarioFile.Parse(Example);
            VirtualIsoDepCard card = VirtualIsoDepCard.FromScenario((ScenarioDevice)scenario.Devices[0]);
            card.Reset();
            byte[] response = new byte[300];
            int processing;
            Assert.AreEqual(5, card.HandleFrame(SampleCards.Hex("E050"), 0, 2, response, 0, out processing));
        }

        [TestMethod]
        public void LoadsFromAFile()
        {
            string path = Path.Combine(Path.GetTempPath(), "dualreader-scenario-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(path, Example);
            try
            {
                Assert.AreEqual(2, ScenarioFile.Load(path).Devices.Count);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [TestMethod]
        public void NamesTheFieldOfEveryError()
        {
            AssertFails(@"{ ""devices"": [] }", "duration_ms");
            AssertFails(@"{ ""duration_ms"": 10 }", "devices");
            AssertFails(@"{ ""duration_ms"": -1, ""devices"": [] }", "duration_ms");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""uid"": ""01020304"" } ] }", "devices[0].interface");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""ir"", ""uid"": ""01020304"" } ] }", "devices[0].interface");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""0102030G"", ""atqa"": ""0400"", ""sak"": ""20"" } ] }", "devices[0].uid");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""010203"", ""atqa"": ""0400"", ""sak"": ""20"" } ] }", "devices[0].uid");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""01020304"", ""sak"": ""20"" } ] }", "devices[0].atqa");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""01020304"", ""atqa"": ""0400"", ""sak"": ""2"" } ] }", "devices[0].sak");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""01020304"", ""atqa"": ""0400"", ""sak"": ""20"", ""apdus"": [ { ""match"": ""00"" } ] } ] }", "devices[0].apdus[0].response");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""01020304"", ""atqa"": ""0400"", ""sak"": ""20"", ""apdus"": [ { ""match"": ""00"", ""response"": ""90ZZ"" } ] } ] }", "devices[0].apdus[0].response");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""nfc"", ""uid"": ""01020304"", ""atqa"": ""0400"", ""sak"": ""20"", ""apdus"": [ { ""match"": ""00"", ""response"": ""9000"", ""processing_ms"": ""fast"" } ] } ] }", "devices[0].apdus[0].processing_ms");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""rfsim"", ""uid"": ""01"", ""near"": ""yes"" } ] }", "devices[0].near");
            AssertFails(@"{ ""duration_ms"": 10, ""devices"": [ { ""interface"": ""rfsim"", ""uid"": ""01"", ""arrive_ms"": 50, ""leave_ms"": 10 } ] }", "devices[0].leave_ms");
            AssertFails("{ not json", "");
        }
    }
}
