namespace DualReader.Sim.Nfc
{
    /// <summary>What a <see cref="IPiccFrameProtocol"/> does after a frame, and where the 14443-3 state machine goes.</summary>
    public enum PiccFrameOutcome
    {
        /// <summary>Answer with the response frame and stay ACTIVE.</summary>
        Answer,
        /// <summary>Answer (a NAK) and fall back to IDLE, or HALT when woken from HALT.</summary>
        AnswerThenIdle,
        /// <summary>Stay ACTIVE without answering (e.g. MIFARE value operand accepted).</summary>
        Silent,
        /// <summary>Stay mute and fall back to IDLE (or HALT): an unexpected or broken frame (ISO/IEC 14443-3 6.3.4).</summary>
        Idle,
        /// <summary>HLTA: mute, to HALT (ISO/IEC 14443-3 6.4.3).</summary>
        Halt
    }

    /// <summary>
    /// A card protocol that works on raw frames once the PICC is selected, for the memory cards whose frames the
    /// 14443-3 layer cannot check on its own: MIFARE Classic (encrypted by Crypto1 after authentication, with encrypted
    /// parity bits and 4-bit ACK/NAK answers) and Type 2 tags (4-bit ACK/NAK). <see cref="VirtualPicc"/> hands it every
    /// frame it receives in ACTIVE, HLTA included, with CRC_A and (explicit) parity as on air.
    /// </summary>
    public interface IPiccFrameProtocol
    {
        /// <summary>Handles one frame; writes the answer (bits as on air, CRC_A included where one is sent).</summary>
        /// <param name="processingMicroseconds">Time beyond the minimum frame delay time.</param>
        PiccFrameOutcome HandleFrame(AirFrame request, AirFrame response, out int processingMicroseconds);

        /// <summary>Forgets the session (authentication, pending commands): the PICC left ACTIVE or lost power.</summary>
        void Reset();
    }
}
