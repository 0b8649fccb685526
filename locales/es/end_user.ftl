# Páginas para usuarios finales, correos electrónicos y flujo alojado del entorno de pruebas, en español.
# Cada mensaje debe existir en todos los idiomas con las mismas variables (una prueba lo comprueba).

## Marco de página

layout-questions = ¿Tiene preguntas? Póngase en contacto con { $company }:
layout-powered-by = Enlaces de verificación de identidad de Inquiry Link Portal

## Página Continuar

continue-title = Verifique su identidad
continue-lead = { $company } le pide que verifique su identidad.
continue-lead-anyone = La empresa que le envió este enlace le pide que verifique su identidad.
continue-next-heading = Qué ocurre a continuación
continue-step-page = Accederá a una página de verificación segura, donde confirmará sus datos y es posible que se le pida fotografiar un documento de identidad.
continue-step-time = Normalmente solo lleva unos minutos.
continue-later-resumable = Si lo deja a medias, vuelva a abrir este enlace en este dispositivo para continuar donde lo dejó.
continue-later-one-sitting = Termine de una sola vez: una vez iniciada, esta verificación no se puede retomar más tarde.
continue-later-new-each-visit = Cada visita a este enlace inicia una verificación nueva, así que termínela de una sola vez.
continue-later-one-time-link = Este enlace de acceso funciona una sola vez. Después de continuar, su enlace original funcionará en este dispositivo.
continue-button = Continuar con la verificación de identidad
continue-hint = No se inicia nada hasta que pulse el botón.

## Código de acceso

access-code-title = Introduzca su código de acceso
access-code-lead = Esta verificación se inició en otro navegador. Introduzca el código de acceso que recibió por separado para continuar aquí.
access-code-label = Código de acceso
access-code-button = Continuar
access-code-empty = Introduzca el código de acceso que recibió.
access-code-wrong = { $left ->
    [one] El código no es correcto. Le queda { $left } intento antes de que se bloquee el enlace.
   *[other] El código no es correcto. Le quedan { $left } intentos antes de que se bloquee el enlace.
}

## Nuevo enlace

recovery-form-hint = También puede recibir un nuevo enlace de un solo uso en la dirección de correo electrónico que la empresa tiene registrada y abrirlo en este dispositivo.
recovery-form-button = Enviarme un nuevo enlace por correo
recovery-sent-title = Revise su correo electrónico
recovery-sent-lead = Hemos enviado un nuevo enlace de un solo uso a { $email }.
recovery-sent-next = Ábralo en el dispositivo en el que desee continuar. Funciona una sola vez; si no llega en unos minutos, revise su carpeta de correo no deseado.
recovery-without-address-title = No podemos enviarle un nuevo enlace
recovery-without-address-lead = No hay ninguna dirección de correo electrónico registrada para esta verificación.
recovery-expired-title = Este enlace ha caducado
recovery-expired-lead = Por su seguridad, los enlaces de verificación solo funcionan durante un tiempo limitado, y este no se puede renovar por correo electrónico.
ask-new-link-support = Pida un nuevo enlace a { $company }:
ask-new-link-contact = Póngase en contacto con { $company }, la empresa que le envió el enlace, y pida uno nuevo.
ask-new-link-anyone = Póngase en contacto con la empresa que le envió el enlace y pida uno nuevo.
ask-fresh-link-support = Pida un enlace vigente a { $company }:
ask-fresh-link-contact = Póngase en contacto con { $company }, la empresa que le envió el enlace, y pida uno vigente.
ask-fresh-link-anyone = Póngase en contacto con la empresa que le envió el enlace y pida uno vigente.
too-many-recoveries-title = Revise su correo electrónico
too-many-recoveries-lead = En la última hora ya se enviaron varios enlaces nuevos para esta verificación.
too-many-recoveries-next = Use el más reciente o vuelva a intentarlo más tarde.

## Callejones sin salida

unknown-link-title = Este enlace no funciona
unknown-link-lead = No hemos encontrado ningún enlace de verificación en esta dirección.
unknown-link-next = Compruebe que ha copiado el enlace completo de su correo electrónico o mensaje, o pida uno nuevo a la empresa que se lo envió.
expired-link-title = Este enlace ha caducado
expired-link-lead = Por su seguridad, los enlaces de verificación solo funcionan durante un tiempo limitado.
expired-link-next = Pida un enlace nuevo a la empresa que se lo envió.
revoked-link-title = Este enlace ya no es válido
revoked-link-lead = La empresa que lo envió ha retirado este enlace.
revoked-link-next = Si aún necesita verificar su identidad, pídale un enlace nuevo.
link-completed-title = Ya ha terminado
link-completed-lead = Esta verificación ya se ha completado. No tiene que hacer nada más.
link-completed-next = Puede cerrar esta página.
not-yet-open-title = Este enlace aún no está abierto
not-yet-open-lead = La verificación de este enlace todavía no admite participantes.
not-yet-open-next = Vuelva a intentarlo más tarde o póngase en contacto con la empresa que lo envió.
link-paused-title = Este enlace está en pausa
link-paused-lead = La empresa que publicó este enlace lo ha pausado por ahora.
link-paused-next = Vuelva a intentarlo más tarde.
capped-title = Este enlace ha alcanzado su límite
capped-lead = No se pueden iniciar más verificaciones desde este enlace.
capped-next = Pida a la empresa que lo publicó otra forma de verificarse.
too-many-new-visits-title = Demasiadas verificaciones desde su red
too-many-new-visits-lead = En la última hora se iniciaron muchas verificaciones desde su red, por lo que las nuevas están en pausa durante un tiempo.
too-many-new-visits-next = Vuelva a intentarlo más tarde. Si ya inició una en este navegador, el mismo enlace le lleva de vuelta a ella.
provider-unavailable-title = La verificación no está disponible temporalmente
provider-unavailable-lead = No hemos podido contactar con el servicio de verificación en este momento. No se ha perdido nada.
provider-unavailable-next = Vuelva a intentarlo con el mismo enlace dentro de un momento.
fresh-link-needed-title = Continúe en el dispositivo donde empezó
fresh-link-needed-lead = Esta verificación se inició en otro navegador. Para proteger los datos personales que contiene, solo puede continuarse allí.
fresh-link-needed-next = Si no es posible, pida un nuevo enlace de acceso a la empresa que le envió el enlace.
finish-in-one-sitting-title = Esta verificación no se puede reanudar
finish-in-one-sitting-lead = Esta verificación debía completarse de una sola vez y se interrumpió.
finish-in-one-sitting-next = Pida un enlace nuevo a la empresa que se lo envió.
locked-title = Este enlace está bloqueado
locked-lead = Se introdujeron demasiados códigos de acceso incorrectos, por lo que este enlace se bloqueó para proteger a la persona a la que pertenece.
locked-next = Pida a la empresa que lo envió que lo desbloquee o que le envíe un enlace nuevo.
refused-old-version-title = Hay que reiniciar esta verificación
refused-old-version-lead = La verificación de este enlace está desactualizada y no se puede continuar.
refused-old-version-next = Pida un enlace nuevo a la empresa que lo envió.
access-link-used-title = Este enlace de acceso ya se ha utilizado
access-link-used-lead = Los enlaces de acceso de un solo uso funcionan una vez, en el navegador que los abrió primero.
access-link-used-next = Use el enlace original en ese navegador o pida un nuevo enlace de acceso.
continue-from-elsewhere-title = Vuelva a abrir el enlace
continue-from-elsewhere-lead = Esta solicitud procedía de otro sitio web, por lo que no se ha iniciado nada.
continue-from-elsewhere-next = Para continuar, vuelva a abrir el enlace desde su correo electrónico o mensaje y pulse el botón de su página.

## Resultado en /done

outcome-done-title = Gracias, ya ha terminado
outcome-done-lead = Su verificación se ha enviado. La empresa que la solicitó se pondrá en contacto con usted si necesita algo más.
outcome-failed-title = Esta vez no hemos podido verificarle
outcome-failed-lead = Su verificación no se ha completado. La empresa que la solicitó le indicará qué hacer a continuación.
outcome-review-title = Su verificación se está revisando
outcome-review-lead = Avisaremos a la empresa que la solicitó en cuanto termine la revisión.
outcome-finished-title = Verificación finalizada
outcome-finished-lead = Puede cerrar esta página. Si todavía tiene preguntas, póngase en contacto con la empresa que le envió el enlace.
outcome-close = Ya puede cerrar esta página.

## Correos electrónicos

email-link-subject = { $company } le pide que verifique su identidad
email-link-body = { $company } le pide que verifique su identidad. El enlace de abajo abre la verificación; puede detenerse y continuar más tarde en el mismo dispositivo.
email-access-link-subject = Su enlace para continuar la verificación de identidad para { $company }
email-access-link-body = { $company } le ha enviado un enlace de un solo uso para continuar la verificación de su identidad en este dispositivo. Funciona una sola vez.
email-reminder-subject = Recordatorio: su verificación de identidad para { $company } caduca pronto
email-reminder-body = { $company } le pidió que verificara su identidad y el enlace caduca pronto. Si ya ha terminado, puede ignorar este mensaje.
email-recovery-subject = Su nuevo enlace para continuar con { $company }
email-recovery-body = Alguien (esperamos que usted) ha pedido un nuevo enlace para continuar la verificación de identidad que solicitó { $company }. Funciona una vez, en el dispositivo en el que lo abra. Si no lo ha pedido, puede ignorar este mensaje.
email-greeting-name = Hola, { $name }:
email-greeting = Hola:
email-button = Continuar con la verificación de identidad
email-copy = O copie esta dirección en su navegador:
email-expires = El enlace caduca el { $expires }.
email-expires-soon = pronto
email-sent-for = Este mensaje se ha enviado en nombre de { $company }. Si tiene preguntas, póngase en contacto directamente con { $company }.
email-powered-by = Enviado por Inquiry Link Portal

## Flujo alojado del entorno de pruebas

flow-step = Verificación de prueba · paso { $step } de 3
flow-details-title = Confirme sus datos
flow-details-lead = Revise los datos de abajo y corrija lo que no sea correcto.
flow-details-button = Iniciar la verificación
flow-document-title = Verifique su documento
flow-document-lead = Este entorno de pruebas no comprueba documentos reales. Elija el resultado que desea simular.
flow-document-pass = Simular aprobación
flow-document-fail = Simular fallo
flow-complete-title = Verificación completada
flow-complete-lead = Esta verificación ya ha terminado. Gracias; no tiene que hacer nada más.
flow-finished-title = Verificación finalizada
flow-failed-lead = Esta verificación ya ha finalizado y no se pudo completar correctamente.
flow-review-lead = Esta verificación ya ha finalizado y se está revisando.
flow-expired-title = Sesión caducada
flow-expired-inquiry = Esta verificación ha caducado. Vuelva al lugar donde obtuvo el enlace y pida uno nuevo.
flow-expired-session = Esta verificación se inició en otro navegador o pestaña, o su sesión ha caducado. Vuelva al lugar donde obtuvo el enlace y ábralo de nuevo para continuar.
flow-cancel = Cancelar la verificación
widget-complete-lead = Gracias; aquí no hay nada más que hacer.
widget-failed-lead = Esta verificación no se ha podido completar correctamente.
widget-review-lead = Esta verificación ha terminado y se está revisando.
flow-field-name-first = Nombre
flow-field-name-last = Apellidos
flow-field-birthdate = Fecha de nacimiento
flow-field-email-address = Correo electrónico
flow-field-phone-number = Número de teléfono
flow-field-address-street-1 = Dirección
flow-field-address-city = Ciudad
flow-field-address-subdivision = Provincia o región
flow-field-address-postal-code = Código postal
flow-field-address-country-code = Código de país
email-invitation-subject = Invitación a { $company } en Inquiry Link Portal
email-invitation-body = { $company } le ha invitado a unirse a su equipo en Inquiry Link Portal, donde envía y sigue enlaces de verificación de identidad. Abra el enlace de abajo para aceptar; solo funciona una vez. Si no esperaba esta invitación, puede ignorar este mensaje y no pasará nada.
email-invitation-button = Aceptar la invitación
