// Le catalogue français (la langue par défaut).
#include "texts_tables.hpp"

namespace tickets::detail {

std::string_view french(msg m) {
  switch (m) {
    case msg::error_title: return "❌ Impossible";
    case msg::success_title: return "✅ C'est fait";
    case msg::storage_unavailable: return "La base de données est momentanément indisponible. Rien n'a été modifié : réessayez dans un instant.";
    case msg::discord_error: return "Discord a refusé l'opération ({0}). Rien n'a été laissé à moitié fait ; réessayez, ou prévenez un administrateur si cela se répète.";
    case msg::not_in_guild: return "Cette commande ne s'utilise que sur un serveur.";
    case msg::unknown_action: return "Ce bouton n'est plus reconnu. Rouvrez le menu et recommencez.";
    case msg::cmd_ticket_description: return "Gérer les tickets du serveur";
    case msg::cmd_config_description: return "Configurer le système de tickets";
    case msg::cmd_panel_description: return "Publier le panneau d'ouverture de tickets";
    case msg::cmd_stats_description: return "Voir les statistiques des tickets";
    case msg::cmd_close_description: return "Fermer un ticket de force";
    case msg::cmd_channel_option: return "Le salon du ticket (par défaut : celui-ci)";
    case msg::cmd_panel_channel_option: return "Le salon où publier le panneau (par défaut : celui-ci)";
    case msg::admin_only: return "Cette commande est réservée aux administrateurs (permission « Gérer le serveur »).";
    case msg::panel_incomplete: return "La configuration n'est pas complète. Il manque :\n{0}\n\nComplétez-la avec `/ticket config`, puis relancez `/ticket panel`.";
    case msg::panel_missing_title: return "• le titre du panneau";
    case msg::panel_missing_description: return "• la description du panneau";
    case msg::panel_missing_category: return "• au moins une catégorie";
    case msg::panel_missing_category_role: return "• un rôle staff pour la catégorie « {0} »";
    case msg::panel_missing_log: return "• le salon de logs";
    case msg::panel_missing_transcript: return "• le salon des transcripts";
    case msg::panel_missing_ticket_category: return "• la catégorie où créer les tickets";
    case msg::panel_posted: return "Le panneau est publié dans {0}.";
    case msg::panel_select_placeholder: return "Choisissez une catégorie";
    case msg::panel_cannot_post: return "Je ne peux pas publier dans {0} : il me manque {1}.";
    case msg::open_unknown_category: return "Cette catégorie n'existe plus. Choisissez-en une autre dans le panneau.";
    case msg::open_already_open: return "Vous avez déjà un ticket ouvert : {0}.";
    case msg::open_missing_permissions: return "Je ne peux pas créer de ticket : il me manque ces permissions dans la catégorie des tickets :\n{0}\n\nUn administrateur a été prévenu.";
    case msg::open_category_full: return "La catégorie des tickets est pleine (50 salons au maximum) et je n'ai pas pu en créer une autre. Réessayez plus tard ; un administrateur a été prévenu.";
    case msg::open_guild_full: return "Le serveur a atteint la limite de 500 salons : impossible de créer un ticket. Un administrateur a été prévenu.";
    case msg::open_no_staff_role: return "La catégorie « {0} » n'a plus aucun rôle staff : impossible d'ouvrir un ticket pour le moment. Un administrateur a été prévenu.";
    case msg::open_created: return "Votre ticket est ouvert : {0}";
    case msg::open_failed: return "Votre ticket n'a pas pu être créé ({0}). Rien n'a été conservé ; réessayez dans un instant.";
    case msg::welcome_title: return "Ticket #{0} — {1}";
    case msg::welcome_owner: return "Ouvert par";
    case msg::welcome_created: return "Créé";
    case msg::welcome_owner_id: return "ID du membre";
    case msg::welcome_category: return "Catégorie";
    case msg::welcome_claimed_by: return "Pris en charge par";
    case msg::welcome_status: return "État";
    case msg::status_open: return "🟢 Ouvert";
    case msg::status_claimed: return "📥 Pris en charge";
    case msg::status_closed: return "🔒 Fermé";
    case msg::button_claim: return "Prendre en charge";
    case msg::button_close: return "Fermer";
    case msg::button_reopen: return "Rouvrir";
    case msg::button_delete: return "Supprimer";
    case msg::button_delete_confirm: return "Oui, supprimer";
    case msg::button_cancel: return "Annuler";
    case msg::button_transcript: return "Sauvegarder les logs";
    case msg::channel_topic: return "Ticket #{0} de {1} ({2}) — catégorie {3}";
    case msg::not_a_ticket: return "Ce salon n'est pas (ou plus) un ticket.";
    case msg::claim_not_staff: return "Seul le staff de la catégorie « {0} » ou un administrateur peut prendre ce ticket en charge.";
    case msg::claim_already: return "Ce ticket est déjà pris en charge par {0}.";
    case msg::claim_done: return "{0} prend en charge ce ticket. Les réponses sont désormais réservées à {0}.";
    case msg::claim_not_open: return "Ce ticket n'est pas ouvert : il ne peut pas être pris en charge.";
    case msg::close_not_allowed: return "Seul l'auteur du ticket ou le staff peut le fermer.";
    case msg::close_done: return "Ticket fermé.";
    case msg::close_already: return "Ce ticket est déjà fermé.";
    case msg::closed_embed: return "🔒 Ticket fermé par {0}. Le staff peut le rouvrir ou le supprimer.";
    case msg::reopen_not_staff: return "Seul le staff peut rouvrir un ticket.";
    case msg::reopen_not_closed: return "Ce ticket n'est pas fermé.";
    case msg::reopen_other_ticket: return "Impossible de rouvrir : {0} a ouvert un autre ticket entre-temps ({1}).";
    case msg::reopen_done: return "♻️ Ticket rouvert par {0}.";
    case msg::delete_not_staff: return "Seul le staff peut supprimer un ticket.";
    case msg::delete_confirm: return "Supprimer définitivement ce ticket ? Le salon sera effacé.";
    case msg::delete_cancelled: return "Suppression annulée.";
    case msg::delete_done: return "Le ticket va être supprimé.";
    case msg::ticket_changed: return "Quelqu'un a agi sur ce ticket juste avant vous (il est maintenant : {0}). Rien n'a été fait.";
    case msg::renamed_later: return "Le salon sera renommé dès que Discord le permettra (2 renommages par 10 minutes).";
    case msg::replies_restricted: return "Réponses réservées à la personne qui a pris le ticket en charge.";
    case msg::log_created: return "🎫 Ticket créé";
    case msg::log_claimed: return "📥 Ticket pris en charge";
    case msg::log_closed: return "🔒 Ticket fermé";
    case msg::log_reopened: return "♻️ Ticket rouvert";
    case msg::log_deleted: return "🗑️ Ticket supprimé";
    case msg::log_field_ticket: return "Ticket";
    case msg::log_field_by: return "Par";
    case msg::log_field_owner: return "Auteur";
    case msg::log_field_category: return "Catégorie";
    case msg::log_field_channel: return "Salon";
    case msg::log_open_failed: return "⚠️ Un ticket de {0} n'a pas pu être créé : {1}";
    case msg::log_no_staff_role: return "⚠️ La catégorie « {0} » n'a plus aucun rôle staff existant : {1} n'a pas pu ouvrir de ticket. Corrigez-la avec `/ticket config`.";
    case msg::log_member_left: return "👋 {0} a quitté le serveur ; ses tickets attendent une décision du staff.";
    case msg::log_role_deleted: return "⚠️ Le rôle {0}, staff de « {1} », a été supprimé. Les tickets s'ouvrent avec les rôles restants.";
    case msg::log_channel_deleted: return "🗑️ Le salon du ticket #{0} a été supprimé à la main ; le ticket est marqué supprimé.";
    case msg::member_left: return "{0} a quitté le serveur. Souhaitez-vous fermer ce ticket ?";
    case msg::member_left_button: return "Oui, fermer";
    case msg::member_back: return "{0} est de retour sur le serveur : son accès au ticket est rétabli.";
    case msg::stats_title: return "📊 Statistiques des tickets";
    case msg::stats_total: return "Créés";
    case msg::stats_open: return "Ouverts";
    case msg::stats_claimed: return "Pris en charge";
    case msg::stats_closed: return "Fermés";
    case msg::stats_deleted: return "Supprimés";
    case msg::stats_per_category: return "Ouverts par catégorie";
    case msg::stats_avg_resolution: return "Temps moyen de résolution";
    case msg::stats_avg_first_reply: return "Temps moyen avant la première réponse du staff";
    case msg::stats_busiest: return "Catégorie la plus demandée";
    case msg::stats_none: return "—";
    case msg::force_close_not_ticket: return "{0} n'est pas un ticket.";
    case msg::config_title: return "⚙️ Configuration des tickets";
  }
  return "";
}

}  // namespace tickets::detail
