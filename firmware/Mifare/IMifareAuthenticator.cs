using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// What MIFARE Classic needs from a reader chip beyond plain frames: the three-pass Crypto1 authentication run by
    /// the chip itself, after which every frame the chip sends or receives is encrypted (MFRC522: MFAuthent and
    /// Status2Reg MFCrypto1On, datasheet 10.3.1.9 and 9.3.1.9), and switching that off again. The MFRC522 driver
    /// provides it; tests use fakes.
    /// </summary>
    public interface IMifareAuthenticator
    {
        /// <summary>
        /// Authenticates the selected card for the sector of <paramref name="block"/> with a 6-byte key and the 4 UID
        /// bytes the card's Crypto1 uses (the last 4 bytes of a 7-byte UID, NXP AN10927 3.2.5).
        /// </summary>
        /// <returns><see cref="TransceiveResult.Ok"/> when the card proved the key (encryption is on from now);
        /// <see cref="TransceiveResult.NoResponse"/> when it did not answer within <paramref name="timeoutMicroseconds"/>
        /// (wrong key, or no card); <see cref="TransceiveResult.ProtocolError"/> when an answer was malformed;
        /// <see cref="TransceiveResult.ChipError"/> when the chip did not run the command.</returns>
        TransceiveResult Authenticate(MifareKeyType keyType, byte block, byte[] key, int keyOffset, byte[] uid, int uidOffset, int timeoutMicroseconds);

        /// <summary>Switches the encryption off (after a session, or before talking to the next card in plain).</summary>
        void StopCrypto1();
    }
}
