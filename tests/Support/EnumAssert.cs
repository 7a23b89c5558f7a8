using DualReader.Firmware;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Mifare;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.Reader;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nfc;
using DualReader.Sim.Nrf24;
using DualReader.Sim.Scenarios;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Support
{
    /// <summary>
    /// Asserts on enum values that fail with the values' names ("expected NoResponse, was ChipError") instead of
    /// their numbers. The outcome enums have a name table beside them (nanoFramework's Enum.ToString gives the
    /// number); the others print through ToString, which names them on the PC. One overload per enum: no generics
    /// on nanoFramework v1.
    /// </summary>
    public static class EnumAssert
    {
        /// <summary>Asserts that two <see cref="ExchangeResult"/> values are equal.</summary>
        public static void AreEqual(ExchangeResult expected, ExchangeResult actual, string message = "")
        {
            Assert.AreEqual(ExchangeResultNames.Name(expected), ExchangeResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ExchangeResult"/> values differ.</summary>
        public static void AreNotEqual(ExchangeResult notExpected, ExchangeResult actual, string message = "")
        {
            Assert.AreNotEqual(ExchangeResultNames.Name(notExpected), ExchangeResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ActivationStatus"/> values are equal.</summary>
        public static void AreEqual(ActivationStatus expected, ActivationStatus actual, string message = "")
        {
            Assert.AreEqual(ActivationStatusNames.Name(expected), ActivationStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ActivationStatus"/> values differ.</summary>
        public static void AreNotEqual(ActivationStatus notExpected, ActivationStatus actual, string message = "")
        {
            Assert.AreNotEqual(ActivationStatusNames.Name(notExpected), ActivationStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="TransceiveResult"/> values are equal.</summary>
        public static void AreEqual(TransceiveResult expected, TransceiveResult actual, string message = "")
        {
            Assert.AreEqual(TransceiveResultNames.Name(expected), TransceiveResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="TransceiveResult"/> values differ.</summary>
        public static void AreNotEqual(TransceiveResult notExpected, TransceiveResult actual, string message = "")
        {
            Assert.AreNotEqual(TransceiveResultNames.Name(notExpected), TransceiveResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="RfSimDiscoveryResult"/> values are equal.</summary>
        public static void AreEqual(RfSimDiscoveryResult expected, RfSimDiscoveryResult actual, string message = "")
        {
            Assert.AreEqual(RfSimDiscoveryResultNames.Name(expected), RfSimDiscoveryResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="RfSimDiscoveryResult"/> values differ.</summary>
        public static void AreNotEqual(RfSimDiscoveryResult notExpected, RfSimDiscoveryResult actual, string message = "")
        {
            Assert.AreNotEqual(RfSimDiscoveryResultNames.Name(notExpected), RfSimDiscoveryResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ActivationResult"/> values are equal.</summary>
        public static void AreEqual(ActivationResult expected, ActivationResult actual, string message = "")
        {
            Assert.AreEqual(ActivationResultNames.Name(expected), ActivationResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ActivationResult"/> values differ.</summary>
        public static void AreNotEqual(ActivationResult notExpected, ActivationResult actual, string message = "")
        {
            Assert.AreNotEqual(ActivationResultNames.Name(notExpected), ActivationResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="EncodeStatus"/> values are equal.</summary>
        public static void AreEqual(EncodeStatus expected, EncodeStatus actual, string message = "")
        {
            Assert.AreEqual(EncodeStatusNames.Name(expected), EncodeStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="EncodeStatus"/> values differ.</summary>
        public static void AreNotEqual(EncodeStatus notExpected, EncodeStatus actual, string message = "")
        {
            Assert.AreNotEqual(EncodeStatusNames.Name(notExpected), EncodeStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ReadOutcome"/> values are equal.</summary>
        public static void AreEqual(ReadOutcome expected, ReadOutcome actual, string message = "")
        {
            Assert.AreEqual(ReadOutcomeNames.Name(expected), ReadOutcomeNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ReadOutcome"/> values differ.</summary>
        public static void AreNotEqual(ReadOutcome notExpected, ReadOutcome actual, string message = "")
        {
            Assert.AreNotEqual(ReadOutcomeNames.Name(notExpected), ReadOutcomeNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="DecodeStatus"/> values are equal.</summary>
        public static void AreEqual(DecodeStatus expected, DecodeStatus actual, string message = "")
        {
            Assert.AreEqual(DecodeStatusNames.Name(expected), DecodeStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="DecodeStatus"/> values differ.</summary>
        public static void AreNotEqual(DecodeStatus notExpected, DecodeStatus actual, string message = "")
        {
            Assert.AreNotEqual(DecodeStatusNames.Name(notExpected), DecodeStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="Nrf24SendResult"/> values are equal.</summary>
        public static void AreEqual(Nrf24SendResult expected, Nrf24SendResult actual, string message = "")
        {
            Assert.AreEqual(Nrf24SendResultNames.Name(expected), Nrf24SendResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="Nrf24SendResult"/> values differ.</summary>
        public static void AreNotEqual(Nrf24SendResult notExpected, Nrf24SendResult actual, string message = "")
        {
            Assert.AreNotEqual(Nrf24SendResultNames.Name(notExpected), Nrf24SendResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="Nrf24ReceiveResult"/> values are equal.</summary>
        public static void AreEqual(Nrf24ReceiveResult expected, Nrf24ReceiveResult actual, string message = "")
        {
            Assert.AreEqual(Nrf24ReceiveResultNames.Name(expected), Nrf24ReceiveResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="Nrf24ReceiveResult"/> values differ.</summary>
        public static void AreNotEqual(Nrf24ReceiveResult notExpected, Nrf24ReceiveResult actual, string message = "")
        {
            Assert.AreNotEqual(Nrf24ReceiveResultNames.Name(notExpected), Nrf24ReceiveResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="CredentialKind"/> values are equal.</summary>
        public static void AreEqual(CredentialKind expected, CredentialKind actual, string message = "")
        {
            Assert.AreEqual(CredentialKindNames.Name(expected), CredentialKindNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="CredentialKind"/> values differ.</summary>
        public static void AreNotEqual(CredentialKind notExpected, CredentialKind actual, string message = "")
        {
            Assert.AreNotEqual(CredentialKindNames.Name(notExpected), CredentialKindNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ChipHealth"/> values are equal.</summary>
        public static void AreEqual(ChipHealth expected, ChipHealth actual, string message = "")
        {
            Assert.AreEqual(ChipHealthNames.Name(expected), ChipHealthNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ChipHealth"/> values differ.</summary>
        public static void AreNotEqual(ChipHealth notExpected, ChipHealth actual, string message = "")
        {
            Assert.AreNotEqual(ChipHealthNames.Name(notExpected), ChipHealthNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="ReaderInterface"/> values are equal.</summary>
        public static void AreEqual(ReaderInterface expected, ReaderInterface actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ReaderInterface"/> values differ.</summary>
        public static void AreNotEqual(ReaderInterface notExpected, ReaderInterface actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="RfSimPeerState"/> values are equal.</summary>
        public static void AreEqual(RfSimPeerState expected, RfSimPeerState actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="RfSimPeerState"/> values differ.</summary>
        public static void AreNotEqual(RfSimPeerState notExpected, RfSimPeerState actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="BitRate"/> values are equal.</summary>
        public static void AreEqual(BitRate expected, BitRate actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="BitRate"/> values differ.</summary>
        public static void AreNotEqual(BitRate notExpected, BitRate actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ReadPhase"/> values are equal.</summary>
        public static void AreEqual(ReadPhase expected, ReadPhase actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ReadPhase"/> values differ.</summary>
        public static void AreNotEqual(ReadPhase notExpected, ReadPhase actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="TimingPhase"/> values are equal.</summary>
        public static void AreEqual(TimingPhase expected, TimingPhase actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="TimingPhase"/> values differ.</summary>
        public static void AreNotEqual(TimingPhase notExpected, TimingPhase actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="TagFormat"/> values are equal.</summary>
        public static void AreEqual(TagFormat expected, TagFormat actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="TagFormat"/> values differ.</summary>
        public static void AreNotEqual(TagFormat notExpected, TagFormat actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ReadDepth"/> values are equal.</summary>
        public static void AreEqual(ReadDepth expected, ReadDepth actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ReadDepth"/> values differ.</summary>
        public static void AreNotEqual(ReadDepth notExpected, ReadDepth actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="PiccState"/> values are equal.</summary>
        public static void AreEqual(PiccState expected, PiccState actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="PiccState"/> values differ.</summary>
        public static void AreNotEqual(PiccState notExpected, PiccState actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="Nrf24ModelState"/> values are equal.</summary>
        public static void AreEqual(Nrf24ModelState expected, Nrf24ModelState actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="Nrf24ModelState"/> values differ.</summary>
        public static void AreNotEqual(Nrf24ModelState notExpected, Nrf24ModelState actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="DeviceInterface"/> values are equal.</summary>
        public static void AreEqual(DeviceInterface expected, DeviceInterface actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="DeviceInterface"/> values differ.</summary>
        public static void AreNotEqual(DeviceInterface notExpected, DeviceInterface actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ChipVariant"/> values are equal.</summary>
        public static void AreEqual(ChipVariant expected, ChipVariant actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="ChipVariant"/> values differ.</summary>
        public static void AreNotEqual(ChipVariant notExpected, ChipVariant actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="MessageType"/> values are equal.</summary>
        public static void AreEqual(MessageType expected, MessageType actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="MessageType"/> values differ.</summary>
        public static void AreNotEqual(MessageType notExpected, MessageType actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="MifareResult"/> values are equal.</summary>
        public static void AreEqual(MifareResult expected, MifareResult actual, string message = "")
        {
            Assert.AreEqual(MifareResultNames.Name(expected), MifareResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="MifareResult"/> values differ.</summary>
        public static void AreNotEqual(MifareResult notExpected, MifareResult actual, string message = "")
        {
            Assert.AreNotEqual(MifareResultNames.Name(notExpected), MifareResultNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="NdefStatus"/> values are equal.</summary>
        public static void AreEqual(NdefStatus expected, NdefStatus actual, string message = "")
        {
            Assert.AreEqual(NdefStatusNames.Name(expected), NdefStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="NdefStatus"/> values differ.</summary>
        public static void AreNotEqual(NdefStatus notExpected, NdefStatus actual, string message = "")
        {
            Assert.AreNotEqual(NdefStatusNames.Name(notExpected), NdefStatusNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="CardFamily"/> values are equal.</summary>
        public static void AreEqual(CardFamily expected, CardFamily actual, string message = "")
        {
            Assert.AreEqual(CardFamilyNames.Name(expected), CardFamilyNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="CardFamily"/> values differ.</summary>
        public static void AreNotEqual(CardFamily notExpected, CardFamily actual, string message = "")
        {
            Assert.AreNotEqual(CardFamilyNames.Name(notExpected), CardFamilyNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="SelfTestVerdict"/> values are equal.</summary>
        public static void AreEqual(SelfTestVerdict expected, SelfTestVerdict actual, string message = "")
        {
            Assert.AreEqual(SelfTestVerdictNames.Name(expected), SelfTestVerdictNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="SelfTestVerdict"/> values differ.</summary>
        public static void AreNotEqual(SelfTestVerdict notExpected, SelfTestVerdict actual, string message = "")
        {
            Assert.AreNotEqual(SelfTestVerdictNames.Name(notExpected), SelfTestVerdictNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="SelfTestReference"/> values are equal.</summary>
        public static void AreEqual(SelfTestReference expected, SelfTestReference actual, string message = "")
        {
            Assert.AreEqual(SelfTestReferenceNames.Name(expected), SelfTestReferenceNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="SelfTestReference"/> values differ.</summary>
        public static void AreNotEqual(SelfTestReference notExpected, SelfTestReference actual, string message = "")
        {
            Assert.AreNotEqual(SelfTestReferenceNames.Name(notExpected), SelfTestReferenceNames.Name(actual), message);
        }

        /// <summary>Asserts that two <see cref="NdefRecordKind"/> values are equal.</summary>
        public static void AreEqual(NdefRecordKind expected, NdefRecordKind actual, string message = "")
        {
            Assert.AreEqual(expected.ToString(), actual.ToString(), message);
        }

        /// <summary>Asserts that two <see cref="NdefRecordKind"/> values differ.</summary>
        public static void AreNotEqual(NdefRecordKind notExpected, NdefRecordKind actual, string message = "")
        {
            Assert.AreNotEqual(notExpected.ToString(), actual.ToString(), message);
        }
    }
}
